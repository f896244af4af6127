// Logging in with the token issuer when the query service offers it (Query:Ui:Login): the authorization code flow
// with PKCE. The tab keeps the verifier and the state in session storage for the round trip to the issuer; the
// service exchanges the code at the issuer's token endpoint, and the access token is kept as an entered token is.
import { setToken, tokenFromLogin } from './api.js';
import { servicePath, viewPath } from './paths.js';

const PENDING_KEY = 'jaeger.query.login';
const RENEWED_KEY = 'jaeger.query.login.renewed';
const CALLBACK_PATH = '/login-callback';

// A renewal refused again this soon stops at the "Log in" button instead of looping through the issuer.
const RENEWAL_PAUSE_MS = 60_000;

let offer;
let renewing = false;

/** The login the service offers ({ authorizationEndpoint, clientId, scope }), or null. */
export function loginOffer() {
  offer ??= fetch(servicePath('/ui/login'), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
    .then((response) => (response.ok ? response.json() : null))
    .then((body) => (body?.enabled ? body : null))
    .catch(() => null);
  return offer;
}

/** Sends the user to the issuer, to come back to this page once logged in. */
export async function startLogin() {
  const login = await loginOffer();
  if (!login) {
    return;
  }
  if (!globalThis.crypto?.subtle) {
    alert('Logging in needs this page over HTTPS (or on localhost): the browser offers no hashing for PKCE here.');
    return;
  }

  const verifier = randomUrlSafe(32);
  const state = randomUrlSafe(16);
  const challenge = base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, returnTo: viewPath(location.pathname) + location.search }));

  const url = new URL(login.authorizationEndpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', login.clientId);
  url.searchParams.set('redirect_uri', location.origin + servicePath(CALLBACK_PATH));
  url.searchParams.set('scope', login.scope);
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  location.assign(url.toString());
}

/**
 * On the callback: checks the state, has the service exchange the code, keeps the token, and resolves to the address
 * the login started from. Rejects with a message saying what went wrong.
 */
export async function completeLogin(params) {
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null');
  sessionStorage.removeItem(PENDING_KEY);
  if (params.get('error')) {
    const description = params.get('error_description');
    throw new Error(`The issuer refused the login: ${params.get('error')}${description ? `: ${description}` : ''}.`);
  }
  if (!pending || params.get('state') !== pending.state) {
    throw new Error('This login was not started from this tab, or its answer was already used. Log in again.');
  }

  const response = await fetch(servicePath('/ui/login/token'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify({ code: params.get('code'), codeVerifier: pending.verifier, redirectUri: location.origin + servicePath(CALLBACK_PATH) }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok || !body.accessToken) {
    throw new Error(`The login did not complete (${response.status}): ${body.message ?? response.statusText}.`);
  }
  setToken(body.accessToken, true);
  return pending.returnTo || '/search';
}

/**
 * When the API refuses (401) a token the login obtained, because it expired or the issuer rotated its key, logs in
 * again at once: while the issuer's own session lasts that is two redirects back to the same page, with no form.
 * Not for a token entered by hand, and at most once a minute. True when a renewal is under way.
 */
export function renewLogin(error) {
  if (renewing) {
    return true;
  }
  if (error.kind !== 'unauthorized' || error.status !== 401 || !tokenFromLogin()) {
    return false;
  }
  if (Date.now() - Number(sessionStorage.getItem(RENEWED_KEY) ?? 0) < RENEWAL_PAUSE_MS) {
    return false;
  }
  sessionStorage.setItem(RENEWED_KEY, String(Date.now()));
  renewing = true;
  void startLogin();
  return true;
}

function randomUrlSafe(bytes) {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function base64Url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
