// Where this service's views and APIs live: under Query:BasePath (such as /jaeger behind a proxy), which the server
// writes into the page. Views and requests are written as paths from the root ('/trace/…', '/api/v3/…'); these turn
// them into the browser's addresses and back.
const basePath = document.documentElement.dataset.basePath ?? '';

/** The browser's address of a view or API path. */
export const servicePath = (path) => basePath + path;

/** The view path of a browser address's path: without the base path. */
export function viewPath(pathname) {
  return basePath && pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : pathname;
}
