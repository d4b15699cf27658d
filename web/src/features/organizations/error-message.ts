import type { TFunction } from 'i18next';
import { ApiError } from '@/lib/api';
import { describeError } from '@/lib/error-message';

const explainedByServer: ReadonlySet<string> = new Set(['conflict', 'forbidden', 'too_large', 'unsupported_media_type']);

/**
 * An error in words. A refusal that depends on the case — a conflict (the
 * last owner, someone already invited), a role that does not allow it, a
 * file too large or of the wrong type — is explained by the server's own
 * message; anything else by its code.
 */
export function explainError(error: unknown, t: TFunction): string {
  if (error instanceof ApiError && explainedByServer.has(error.code) && error.message) {
    return error.message;
  }
  return describeError(error, t);
}
