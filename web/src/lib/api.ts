// The one place that talks HTTP to the Piloto server. Every call sends the
// session cookie and turns any failure into an ApiError.

/** Error codes the server sends in {"error":{"code":…}}. */
const serverErrorCodes = [
  'invalid',
  'unauthorized',
  'forbidden',
  'csrf_failed',
  'not_found',
  'method_not_allowed',
  'conflict',
  'too_large',
  'unsupported_media_type',
  'rate_limited',
  'unavailable',
  'internal',
] as const;

type ServerErrorCode = (typeof serverErrorCodes)[number];

/** A server error code, or 'network' when no HTTP response arrived at all. */
export type ApiErrorCode = ServerErrorCode | 'network';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status; 0 for a network failure. */
  readonly status: number;
  readonly code: ApiErrorCode;
  /** Per-field messages for forms, keyed by the request's JSON field names. */
  readonly fields?: Record<string, string>;

  constructor(init: {
    status: number;
    code: ApiErrorCode;
    message: string;
    fields?: Record<string, string>;
    cause?: unknown;
  }) {
    super(init.message, { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    if (init.fields) {
      this.fields = init.fields;
    }
  }
}

/** Origin of the API without a trailing slash; '' means the app's own origin. */
const apiBaseUrl = (import.meta.env.VITE_API_URL ?? '').replace(/\/+$/, '');

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * Calls the API at path (e.g. '/api/v1/version') and returns the parsed JSON
 * body, or undefined for 204 No Content. Throws ApiError on any failure.
 */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = {
    method: options.method ?? 'GET',
    credentials: 'include',
    headers,
  };
  if (options.signal) {
    init.signal = options.signal;
  }
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(new URL(path, apiBaseUrl || window.location.origin), init);
  } catch (err) {
    // An abort is the caller's own doing (e.g. TanStack Query cancelling): pass it on.
    if (options.signal?.aborted) {
      throw err;
    }
    throw new ApiError({ status: 0, code: 'network', message: 'network error: the server could not be reached', cause: err });
  }

  if (!response.ok) {
    throw await errorFromResponse(response);
  }
  if (response.status === 204) {
    return undefined as T;
  }
  try {
    return (await response.json()) as T;
  } catch (err) {
    throw new ApiError({
      status: response.status,
      code: 'internal',
      message: `the server answered ${response.status} with a body that is not JSON`,
      cause: err,
    });
  }
}

/** Builds the ApiError for a response that is not 2xx. */
async function errorFromResponse(response: Response): Promise<ApiError> {
  const fallbackCode = codeForStatus(response.status);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    // Not JSON (e.g. a proxy's HTML page): fall back to the status.
    return new ApiError({
      status: response.status,
      code: fallbackCode,
      message: `the server answered ${response.status} ${response.statusText}`.trim(),
    });
  }
  const detail = isRecord(body) && isRecord(body.error) ? body.error : {};
  const code = isServerErrorCode(detail.code) ? detail.code : fallbackCode;
  const message = typeof detail.message === 'string' ? detail.message : `the server answered ${response.status}`;
  const fields = parseFields(detail.fields);
  return new ApiError({ status: response.status, code, message, ...(fields && { fields }) });
}

function codeForStatus(status: number): ServerErrorCode {
  switch (status) {
    case 400:
      return 'invalid';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 405:
      return 'method_not_allowed';
    case 409:
      return 'conflict';
    case 413:
      return 'too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'rate_limited';
    case 502:
    case 503:
    case 504:
      return 'unavailable';
    default:
      return status >= 400 && status < 500 ? 'invalid' : 'internal';
  }
}

function parseFields(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  const fields: Record<string, string> = {};
  for (const [name, message] of Object.entries(value)) {
    if (typeof message === 'string') {
      fields[name] = message;
    }
  }
  return Object.keys(fields).length > 0 ? fields : undefined;
}

function isServerErrorCode(value: unknown): value is ServerErrorCode {
  return typeof value === 'string' && (serverErrorCodes as readonly string[]).includes(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The code to explain an error by: an ApiError's own, 'internal' for anything else. */
export function errorCode(error: unknown): ApiErrorCode {
  return error instanceof ApiError ? error.code : 'internal';
}
