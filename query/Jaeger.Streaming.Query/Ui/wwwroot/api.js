// Calls to the query service's own APIs, with the bearer token the user entered (if any), and errors sorted into
// the states the views show: not authorized, unreachable, a bad request with the server's message, not found.
import { servicePath } from './paths.js';

const TOKEN_KEY = 'jaeger.query.token';
const FROM_LOGIN_KEY = 'jaeger.query.token.login';

export function getToken() {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** Keeps the token for the API calls; fromLogin marks one the UI's login obtained, which the login may renew. */
export function setToken(token, fromLogin = false) {
  if (token) {
    sessionStorage.setItem(TOKEN_KEY, token);
  } else {
    sessionStorage.removeItem(TOKEN_KEY);
  }
  if (token && fromLogin) {
    sessionStorage.setItem(FROM_LOGIN_KEY, '1');
  } else {
    sessionStorage.removeItem(FROM_LOGIN_KEY);
  }
}

/** Whether the token in use came from the UI's login rather than from the user's hand. */
export function tokenFromLogin() {
  return getToken() !== '' && sessionStorage.getItem(FROM_LOGIN_KEY) === '1';
}

export class ApiError extends Error {
  /** @param {'unauthorized'|'unreachable'|'bad-request'|'not-found'|'server'} kind */
  constructor(kind, message, status) {
    super(message);
    this.kind = kind;
    this.status = status;
  }
}

/** GETs a JSON document; params are appended as a query string, skipping empty values. */
export async function getJson(path, params = {}, signal = undefined) {
  const url = new URL(servicePath(path), location.origin);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') {
      url.searchParams.set(key, String(value));
    }
  }

  const headers = { Accept: 'application/json' };
  const token = getToken();
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }

  let response;
  try {
    response = await fetch(url, { headers, signal, credentials: 'same-origin' });
  } catch (error) {
    if (error.name === 'AbortError') {
      throw error;
    }
    throw new ApiError('unreachable', 'The query service is unreachable. Check that it is running and that this page was loaded from it.', 0);
  }

  const text = await response.text();
  if (response.ok) {
    try {
      return JSON.parse(text);
    } catch {
      throw new ApiError('server', `${url.pathname} answered something that is not JSON.`, response.status);
    }
  }

  const message = errorMessage(text) || `${response.status} ${response.statusText}`.trim();
  if (response.status === 401 || response.status === 403) {
    throw new ApiError('unauthorized', message, response.status);
  }
  if (response.status === 404) {
    throw new ApiError('not-found', message, response.status);
  }
  if (response.status === 502 || response.status === 503 || response.status === 504) {
    throw new ApiError('unreachable', `The query service is unavailable (${response.status}): ${message}`, response.status);
  }
  throw new ApiError(response.status < 500 ? 'bad-request' : 'server', message, response.status);
}

/** The message of an API v3 error, a legacy API error, or a plain-text body. */
function errorMessage(text) {
  try {
    const body = JSON.parse(text);
    if (typeof body === 'string') {
      return body;
    }
    return body?.error?.message ?? body?.errors?.[0]?.msg ?? body?.title ?? body?.detail ?? '';
  } catch {
    return text.length < 300 ? text.trim() : '';
  }
}
