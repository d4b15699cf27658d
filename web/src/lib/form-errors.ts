import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ApiError } from './api';

/** The error type set on fields whose message came from the server. */
const serverErrorType = 'server';

/**
 * Puts the per-field messages of an ApiError (its `fields`) onto a
 * react-hook-form form, the first one focused. The server names fields as the
 * request's JSON does, so forms name their fields the same way. Returns
 * whether any field error was set; when none was, the caller shows the error
 * some other way (e.g. a toast).
 */
export function setServerFieldErrors<T extends FieldValues>(error: unknown, setError: UseFormSetError<T>): boolean {
  if (!(error instanceof ApiError) || !error.fields) {
    return false;
  }
  let first = true;
  for (const [name, message] of Object.entries(error.fields)) {
    setError(name as Path<T>, { type: serverErrorType, message }, { shouldFocus: first });
    first = false;
  }
  return !first;
}
