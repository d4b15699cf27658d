// The one place that talks HTTP to the Piloto server. Every call sends the
// session cookies (and, when it changes something, the CSRF token), renews an
// expired session on the way, and turns any failure into an ApiError.

/** Error codes the server sends in {"error":{"code":…}}. */
const serverErrorCodes = [
  'invalid',
  'unauthorized',
  'forbidden',
  'csrf_failed',
  'not_found',
  'method_not_allowed',
  'conflict',
  'organization_changed',
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
  /** Seconds to wait before trying again (the Retry-After header of a 429 or 503). */
  readonly retryAfter?: number;

  constructor(init: {
    status: number;
    code: ApiErrorCode;
    message: string;
    fields?: Record<string, string>;
    retryAfter?: number;
    cause?: unknown;
  }) {
    super(init.message, { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    if (init.fields) {
      this.fields = init.fields;
    }
    if (init.retryAfter !== undefined) {
      this.retryAfter = init.retryAfter;
    }
  }
}

/** Origin of the API without a trailing slash; '' means the app's own origin. */
const apiBaseUrl = (import.meta.env.VITE_API_URL ?? '').replace(/\/+$/, '');

/**
 * The absolute URL of an API path, for what the browser opens itself rather
 * than fetches (e.g. the link that starts a sign-in with Google).
 */
export function apiUrl(path: string): string {
  return new URL(path, apiBaseUrl || window.location.origin).toString();
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /**
   * Sent as JSON; a Blob (e.g. a File) is sent as it is, with its own type;
   * FormData goes as multipart/form-data (the browser writes the boundary).
   */
  body?: unknown;
  /** 'blob' returns the response body as a Blob (e.g. an image) instead of parsing JSON. */
  responseType?: 'json' | 'blob';
  signal?: AbortSignal;
}

// --- Session plumbing ------------------------------------------------------
//
// The session lives in HttpOnly cookies the app never sees: a short-lived
// access cookie and a refresh cookie. When a request answers 401 (or 403
// csrf_failed), the client renews the cookies once with POST /auth/refresh
// and repeats the request. Concurrent failures share one refresh. When the
// refresh is refused, the session is over: the app's onSessionExpired
// callback runs (it clears the cached session, and the route guard sends the
// user to the sign-in page).

const refreshPath = '/api/v1/auth/refresh';

/**
 * Endpoints whose 401 is an answer, not an expired session: wrong password,
 * no session to refresh, or one already ending. They are never retried.
 */
const noRefreshPaths: ReadonlySet<string> = new Set([
  '/api/v1/auth/login',
  '/api/v1/auth/signup',
  refreshPath,
  '/api/v1/auth/logout',
]);

/** Endpoints after whose success the session (and its CSRF token) is gone. */
const sessionEndingPaths: ReadonlySet<string> = new Set(['/api/v1/auth/logout', '/api/v1/auth/logout-all']);

/** The readable cookie the server may set with the CSRF token, used while memory has none. */
const csrfCookieName = 'piloto_csrf';
const csrfHeader = 'X-CSRF-Token';
const unsafeMethods: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The csrf_token of the latest session body (signup, login, refresh, me). */
let csrfToken: string | null = null;
/** Counts successful refreshes: a request sent before the latest one need not refresh again. */
let refreshGeneration = 0;
/** The refresh under way, shared by every request that needs it. */
let refreshing: Promise<boolean> | null = null;
let sessionExpiredHandler: (() => void) | null = null;

/**
 * Registers what to do when the session is over (the refresh was refused).
 * Returns a function that unregisters it.
 */
export function onSessionExpired(handler: () => void): () => void {
  sessionExpiredHandler = handler;
  return () => {
    if (sessionExpiredHandler === handler) {
      sessionExpiredHandler = null;
    }
  };
}

/** The token for X-CSRF-Token: the latest one from a session body, else the piloto_csrf cookie. */
export function currentCsrfToken(): string | null {
  return csrfToken ?? readCookie(csrfCookieName);
}

/** Forgets the CSRF token kept in memory (the session ended). */
export function forgetCsrfToken(): void {
  csrfToken = null;
}

// --- Organization shown ----------------------------------------------------
//
// Every request names the organization the app is showing in X-Piloto-Org.
// When the session moved to another organization (in another tab), the
// server answers 409 rather than act in the wrong one; the handler
// registered with onOrganizationConflict() then reloads the session.

const organizationHeader = 'X-Piloto-Org';

/**
 * Requests about the session itself, not about the organization shown: they
 * never carry X-Piloto-Org (GET /auth/me must answer after a switch in
 * another tab, to tell which organization the session is in now).
 */
function sendsOrganization(path: string): boolean {
  const p = pathOf(path);
  return !p.startsWith('/api/v1/auth/') && p !== '/api/v1/organizations' && !p.startsWith('/api/v1/invitations/accept');
}

/** The id of the organization the app shows (from the session), or null. */
let organizationId: string | null = null;
let organizationConflictHandler: ((shown: string) => void) | null = null;

/** Sets the organization sent in X-Piloto-Org (null: none). */
export function setShownOrganization(id: string | null): void {
  organizationId = id;
}

/** The organization sent in X-Piloto-Org, or null. */
export function shownOrganization(): string | null {
  return organizationId;
}

/**
 * Registers what to do when a request naming an organization answers 409
 * (the handler gets the organization the request named). Returns a
 * function that unregisters it.
 */
export function onOrganizationConflict(handler: (shown: string) => void): () => void {
  organizationConflictHandler = handler;
  return () => {
    if (organizationConflictHandler === handler) {
      organizationConflictHandler = null;
    }
  };
}

function readCookie(name: string): string | null {
  if (typeof document === 'undefined') {
    return null;
  }
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) {
      const value = rest.join('=');
      try {
        return decodeURIComponent(value) || null;
      } catch {
        return value || null;
      }
    }
  }
  return null;
}

function pathOf(path: string): string {
  return new URL(path, 'http://x').pathname;
}

/**
 * Renews the session cookies, once for all concurrent callers. Resolves true
 * when renewed, false when the server refused (the session is over; the
 * expired callback has run). Rejects with the refresh's own error when it
 * failed for another reason (network, rate limit, server error).
 */
function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      await send(refreshPath, { method: 'POST' });
      refreshGeneration++;
      return true;
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
        csrfToken = null;
        sessionExpiredHandler?.();
        return false;
      }
      throw err;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/**
 * Renews the session cookies now, sharing a refresh already under way (e.g.
 * when the live event stream ended because the access token expired).
 * Resolves false when the server refused: the session is over and the
 * onSessionExpired callback has run.
 */
export function renewSession(): Promise<boolean> {
  return refreshSession();
}

function needsRefresh(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || (error.status === 403 && error.code === 'csrf_failed'));
}

/**
 * Calls the API at path (e.g. '/api/v1/version') and returns the parsed JSON
 * body, or undefined for 204 No Content. Throws ApiError on any failure.
 * An expired session is renewed on the way (see above); the request is then
 * repeated once.
 */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const generation = refreshGeneration;
  try {
    return await send<T>(path, options);
  } catch (err) {
    if (!needsRefresh(err) || noRefreshPaths.has(pathOf(path))) {
      throw err;
    }
    if (err instanceof ApiError && err.code === 'csrf_failed') {
      // The token in memory may be another session's (e.g. signed in again in another
      // tab): the refresh goes with the cookie's, and brings the current one back.
      csrfToken = null;
    }
    // A refresh that finished after this request left already renewed the cookies.
    const renewed = generation !== refreshGeneration || (await refreshSession());
    if (!renewed) {
      throw err;
    }
    return send<T>(path, options);
  }
}

/**
 * Calls the API at path like apiRequest (cookies, CSRF token, organization,
 * a renewed session on the way) but returns the successful Response unread,
 * for an answer the caller reads itself as it arrives (e.g. the Server-Sent
 * Events of a POST). A non-2xx answer still throws the ApiError of its JSON
 * body. accept is the Accept header (e.g. 'text/event-stream').
 */
export async function apiFetch(path: string, options: RequestOptions & { accept?: string } = {}): Promise<Response> {
  const generation = refreshGeneration;
  try {
    return await fetchResponse(path, options);
  } catch (err) {
    if (!needsRefresh(err) || noRefreshPaths.has(pathOf(path))) {
      throw err;
    }
    if (err instanceof ApiError && err.code === 'csrf_failed') {
      csrfToken = null;
    }
    const renewed = generation !== refreshGeneration || (await refreshSession());
    if (!renewed) {
      throw err;
    }
    return fetchResponse(path, options);
  }
}

/** One HTTP round trip: sends the request, reads the answer, keeps any csrf_token. */
async function send<T>(path: string, options: RequestOptions): Promise<T> {
  const response = await fetchResponse(path, options);
  if (sessionEndingPaths.has(pathOf(path))) {
    csrfToken = null;
  }
  if (response.status === 204) {
    return undefined as T;
  }
  if (options.responseType === 'blob') {
    return (await response.blob()) as T;
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (err) {
    throw new ApiError({
      status: response.status,
      code: 'internal',
      message: `the server answered ${response.status} with a body that is not JSON`,
      cause: err,
    });
  }
  if (isRecord(body) && typeof body.csrf_token === 'string' && body.csrf_token !== '') {
    csrfToken = body.csrf_token;
  }
  return body as T;
}

/** Sends the request and returns a 2xx response unread; anything else throws its ApiError. */
async function fetchResponse(path: string, options: RequestOptions & { accept?: string }): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: options.accept ?? 'application/json' };
  const init: RequestInit = { method, credentials: 'include', headers };
  if (options.signal) {
    init.signal = options.signal;
  }
  if (options.body instanceof FormData) {
    init.body = options.body;
  } else if (options.body instanceof Blob) {
    headers['Content-Type'] = options.body.type || 'application/octet-stream';
    init.body = options.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  const organization = sendsOrganization(path) ? organizationId : null;
  if (organization) {
    headers[organizationHeader] = organization;
  }
  if (unsafeMethods.has(method)) {
    const token = currentCsrfToken();
    if (token) {
      headers[csrfHeader] = token;
    }
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
    const error = await errorFromResponse(response);
    if (organization && error.code === 'organization_changed') {
      // The session is in another organization now (another tab switched).
      organizationConflictHandler?.(organization);
    }
    throw error;
  }
  return response;
}

/** Builds the ApiError for a response that is not 2xx. */
async function errorFromResponse(response: Response): Promise<ApiError> {
  const fallbackCode = codeForStatus(response.status);
  const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
  const extra = retryAfter !== undefined ? { retryAfter } : {};
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    // Not JSON (e.g. a proxy's HTML page): fall back to the status.
    return new ApiError({
      status: response.status,
      code: fallbackCode,
      message: `the server answered ${response.status} ${response.statusText}`.trim(),
      ...extra,
    });
  }
  const detail = isRecord(body) && isRecord(body.error) ? body.error : {};
  const code = isServerErrorCode(detail.code) ? detail.code : fallbackCode;
  const message = typeof detail.message === 'string' ? detail.message : `the server answered ${response.status}`;
  const fields = parseFields(detail.fields);
  return new ApiError({ status: response.status, code, message, ...(fields && { fields }), ...extra });
}

/** Retry-After as whole seconds (at least 1): either delay-seconds or an HTTP date. */
function parseRetryAfter(value: string | null): number | undefined {
  if (!value) {
    return undefined;
  }
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Math.max(1, Number.parseInt(trimmed, 10));
  }
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) {
    return undefined;
  }
  return Math.max(1, Math.ceil((date - Date.now()) / 1000));
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
