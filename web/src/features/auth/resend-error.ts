import type { TFunction } from 'i18next';
import { ApiError } from '@/lib/api';
import { describeError } from '@/lib/error-message';

/** Why a new confirmation link was not sent: a 400 means the e-mail is confirmed already. */
export function describeResendError(error: unknown, t: TFunction): string {
  if (error instanceof ApiError && error.status === 400) {
    return t('auth.verifyEmail.alreadyVerified');
  }
  return describeError(error, t);
}
