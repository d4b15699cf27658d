import { ApiError } from '@/lib/api';

/**
 * Whether a 400 is about the e-mailed link itself (bad, already used or
 * expired: the server names the `token` field), rather than about the rest
 * of the form.
 */
export function isBadLinkError(error: unknown): boolean {
  return error instanceof ApiError && error.fields?.token !== undefined;
}
