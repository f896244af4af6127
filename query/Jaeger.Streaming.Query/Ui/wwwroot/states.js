// The empty, loading and error states every view shows in the same way.
import { h } from './format.js';
import { renewLogin, startLogin } from './login.js';

export function loadingState(text) {
  return h('div', { className: 'state state-loading', role: 'status' }, text);
}

export function emptyState(title, detail) {
  return h('div', { className: 'state state-empty', role: 'status', 'data-state': 'empty' },
    h('p', { className: 'state-title' }, title), detail ? h('p', {}, detail) : null);
}

/** The state for a failed API call; "not authorized" renews an expired login, or offers logging in and the token form. */
export function errorState(error, what) {
  if (error.kind === 'unauthorized') {
    const renewing = renewLogin(error);
    return h('div', { className: 'state state-error', role: 'alert', 'data-state': 'unauthorized' },
      h('p', { className: 'state-title' }, renewing ? 'Login expired' : 'Not authorized'),
      h('p', {}, `The query API refused ${what}${error.status ? ` (${error.status})` : ''}: ${error.message}`),
      h('p', {}, renewing ? 'Logging in again…' : 'Log in, or enter a bearer token for the query API, then try again.'),
      h('div', { className: 'row' },
        h('button', { type: 'button', className: 'login-button', onclick: startLogin }, 'Log in'),
        h('button', { type: 'button', onclick: openTokenForm }, 'Enter token')));
  }
  if (error.kind === 'unreachable') {
    return h('div', { className: 'state state-error', role: 'alert', 'data-state': 'unreachable' },
      h('p', { className: 'state-title' }, 'Query service unreachable'),
      h('p', {}, error.message));
  }
  const title = error.kind === 'not-found' ? 'Not found' : error.kind === 'bad-request' ? 'The query was not accepted' : 'Something went wrong';
  return h('div', { className: 'state state-error', role: 'alert', 'data-state': error.kind ?? 'error' },
    h('p', { className: 'state-title' }, title),
    h('p', {}, error.message || String(error)));
}

function openTokenForm() {
  const details = document.getElementById('token');
  details.open = true;
  document.getElementById('token-value').focus();
}
