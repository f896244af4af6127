// The UI's entry point: a router over the page routes the server answers with this page (/search, /trace/{id},
// /compare, /dependencies), so every view's URL can be copied and opened again; /trace-file shows a trace opened
// from a file, which only this page holds; /login-callback is where the token issuer sends the user back.
import { setToken, getToken } from './api.js';
import { servicePath, viewPath } from './paths.js';
import { completeLogin, loginOffer, startLogin } from './login.js';
import { errorState, loadingState } from './states.js';
import { renderSearch } from './search.js';
import { renderTrace, renderTraceFile } from './trace.js';
import { renderDependencies } from './dependencies.js';
import { renderCompare } from './compare.js';

const main = document.getElementById('main');
let current = { abort: new AbortController(), dispose: undefined };

// Views name each other by view path ('/trace/…'); the history holds the browser's address.
function navigate(url, { replace = false } = {}) {
  if (replace) {
    history.replaceState(null, '', servicePath(url));
  } else {
    history.pushState(null, '', servicePath(url));
  }
  route();
}

function route() {
  current.abort.abort();
  current.dispose?.();
  const abort = new AbortController();
  current = { abort, dispose: undefined };
  main.replaceChildren();

  const params = new URLSearchParams(location.search);
  const context = { signal: abort.signal, navigate };
  const path = viewPath(location.pathname);
  let view = 'search';
  if (path.startsWith('/trace/')) {
    view = 'trace';
    current.dispose = renderTrace(main, decodeURIComponent(path.slice('/trace/'.length)), params, context);
  } else if (path === '/trace-file') {
    view = 'trace';
    current.dispose = renderTraceFile(main, params);
  } else if (path === '/compare') {
    view = 'compare';
    current.dispose = renderCompare(main, params, context);
  } else if (path === '/login-callback') {
    main.append(loadingState('Logging in…'));
    completeLogin(params).then(
      (returnTo) => navigate(returnTo, { replace: true }),
      (error) => main.replaceChildren(errorState({ kind: 'unauthorized', message: error.message }, 'the login')));
  } else if (path === '/dependencies') {
    view = 'dependencies';
    current.dispose = renderDependencies(main, params, context);
  } else {
    current.dispose = renderSearch(main, params, context);
  }
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === view) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}

// Links inside the page navigate without a reload; modified clicks (new tab, ...) and downloads keep the browser's behaviour.
document.addEventListener('click', (event) => {
  const link = event.target.closest?.('a[href]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey
    || link.getAttribute('target') || link.hasAttribute('download')) {
    return;
  }
  // SVG links have no origin or pathname properties, so both kinds are read through a URL.
  const url = new URL(link.getAttribute('href'), location.href);
  const path = viewPath(url.pathname);
  if (url.origin !== location.origin || path.startsWith('/api/') || path.startsWith('/static/')) {
    return;
  }
  event.preventDefault();
  navigate(path + url.search);
  main.focus({ preventScroll: true });
});

window.addEventListener('popstate', route);

document.getElementById('lookup').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = document.getElementById('lookup-id');
  const id = input.value.trim().toLowerCase();
  if (!input.reportValidity() || !id) {
    return;
  }
  navigate(`/trace/${encodeURIComponent(id)}`);
});

const tokenInput = document.getElementById('token-value');
tokenInput.value = getToken();
document.getElementById('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  setToken(tokenInput.value.trim());
  document.getElementById('token').open = false;
  route();
});
document.getElementById('token-clear').addEventListener('click', () => {
  tokenInput.value = '';
  setToken('');
  document.getElementById('token').open = false;
  route();
});

document.getElementById('login').addEventListener('click', startLogin);
loginOffer().then((login) => {
  if (login) {
    document.body.dataset.login = 'offered';
  }
});

route();
