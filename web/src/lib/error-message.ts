import type { TFunction } from 'i18next';
import { ApiError, errorCode } from './api';

/**
 * Explains an error to people, in the current language: by its code, and for
 * a rate limit with how long to wait (the Retry-After the server sent).
 */
export function describeError(error: unknown, t: TFunction): string {
  if (error instanceof ApiError && error.code === 'rate_limited' && error.retryAfter !== undefined) {
    const seconds = error.retryAfter;
    return seconds < 60
      ? t('errors.retryInSeconds', { count: seconds })
      : t('errors.retryInMinutes', { count: Math.ceil(seconds / 60) });
  }
  return t(`errors.codes.${errorCode(error)}`);
}
