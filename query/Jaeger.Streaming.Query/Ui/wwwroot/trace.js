// The trace view: a summary, find-in-trace, the timeline and the selected span's details.
// Its URL, /trace/{id}?span=...&find=..., reproduces the view. /trace-file shows a trace opened from a file
// (trace-file.js) the same way, for as long as the page keeps it.
import { getJson } from './api.js';
import { formatDuration, formatTime, h, nanosToDate } from './format.js';
import { spanDetails } from './span-details.js';
import { emptyState, errorState, loadingState } from './states.js';
import { servicePath } from './paths.js';
import { Timeline } from './timeline.js';
import { openedTraceFile } from './trace-file.js';
import { buildTrace, operationStatistics, searchText } from './trace-model.js';

export function renderTrace(main, traceId, params, { signal }) {
  const view = { timeline: undefined };
  main.append(loadingState(`Loading trace ${traceId}…`));
  load();
  return () => view.timeline?.dispose();

  function show(trace, body) {
    showTrace(main, view, trace, body, params, { path: servicePath(`/trace/${trace.traceId}`), fileName: `trace-${traceId}.json` });
  }

  async function load() {
    let body;
    try {
      body = await getJson(`/api/v3/traces/${encodeURIComponent(traceId)}`, {}, signal);
    } catch (error) {
      if (error.name !== 'AbortError') {
        main.replaceChildren(error.kind === 'not-found'
          ? emptyState(`Trace ${traceId} not found`, 'It may be older than the retention period, or not yet stored. Check the id.')
          : errorState(error, `trace ${traceId}`));
      }
      return;
    }
    const trace = buildTrace(body.result ?? {});
    if (!trace) {
      main.replaceChildren(emptyState(`Trace ${traceId} has no spans`));
      return;
    }
    show(trace, body);
  }
}

/** The trace opened last from a file (trace-file.js), shown as the trace view shows a stored one. */
export function renderTraceFile(main, params) {
  const view = { timeline: undefined };
  const file = openedTraceFile();
  const trace = file && buildTrace(file.body.result);
  if (!trace) {
    main.append(emptyState('No trace file is open', 'Open one from the search page ("Open a trace file"); a file stays open only until the page is reloaded.'));
    return;
  }
  const more = file.traces > 1 ? ` It holds ${file.traces} traces; this is the first.` : '';
  showTrace(main, view, trace, file.body, params, {
    path: servicePath('/trace-file'),
    fileName: file.name,
    note: `Opened from the file ${file.name}, not from the store.${more}`,
  });
  return () => view.timeline?.dispose();
}

// The API's own answer (OTLP/JSON), as a file to attach to a ticket or load elsewhere.
function download(body, fileName) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' }));
  const link = h('a', { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

function statistics(trace) {
  const rows = operationStatistics(trace);
  const number = (value) => h('td', { className: 'num' }, value);
  return h('details', { className: 'trace-statistics' },
    h('summary', {}, `Statistics by operation (${rows.length})`),
    h('table', { className: 'deps-table' },
      h('caption', { className: 'visually-hidden' }, 'Time per service and operation, most self time first'),
      h('thead', {}, h('tr', {}, ['Service', 'Operation', 'Spans', 'Errors', 'Total', 'Average', 'Longest', 'Self time']
        .map((name) => h('th', { scope: 'col' }, name)))),
      h('tbody', {}, rows.map((row) => h('tr', {},
        h('td', {}, row.service), h('td', {}, row.name), number(row.count), number(row.errors),
        number(formatDuration(row.total)), number(formatDuration(row.average)), number(formatDuration(row.max)),
        number(formatDuration(row.self)))))));
}

/** The view of `trace` (from buildTrace; `body` is what it was built from), its span links under `path`. */
function showTrace(main, view, trace, body, params, { path, fileName, note }) {
  trace.path = path;
  const details = h('aside', { className: 'details', 'aria-labelledby': 'details-heading' },
    h('h2', { id: 'details-heading', className: 'visually-hidden' }, 'Span details'),
    h('p', { className: 'muted' }, 'Select a span to see its attributes, events, links, resource and scope.'));

  const timeline = new Timeline(trace, {
    onSelect: (span) => {
      details.replaceChildren(h('h2', { id: 'details-heading', className: 'visually-hidden' }, 'Span details'), spanDetails(span, trace));
      const url = new URL(location.href);
      url.searchParams.set('span', span.id);
      history.replaceState(null, '', url);
    },
  });
  view.timeline = timeline;

  const find = h('input', { id: 'find', type: 'search', placeholder: 'Find in trace', autocomplete: 'off', spellcheck: 'false' });
  const findStatus = h('span', { className: 'find-status', role: 'status', 'aria-live': 'polite' });
  let matches = [];
  let matchIndex = -1;
  const runFind = () => {
    const text = find.value.trim().toLowerCase();
    matches = text ? trace.order.filter((span) => searchText(span).includes(text)) : [];
    matchIndex = -1;
    timeline.setMatches(new Set(matches.map((s) => s.id)));
    findStatus.textContent = text ? `${matches.length} match${matches.length === 1 ? '' : 'es'}` : '';
    const url = new URL(location.href);
    if (text) url.searchParams.set('find', find.value.trim()); else url.searchParams.delete('find');
    history.replaceState(null, '', url);
  };
  const step = (direction) => {
    if (matches.length === 0) return;
    matchIndex = (matchIndex + direction + matches.length) % matches.length;
    findStatus.textContent = `${matchIndex + 1} of ${matches.length}`;
    timeline.reveal(matches[matchIndex]);
  };
  find.addEventListener('input', runFind);
  find.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      step(event.shiftKey ? -1 : 1);
    }
  });

  const root = trace.root;
  main.replaceChildren(h('div', { className: 'trace-page' },
    h('header', { className: 'trace-header' },
      h('h1', {}, `${root.service}: ${root.name}`),
      h('p', { className: 'mono trace-id-full' }, trace.traceId),
      note ? h('p', { className: 'trace-note', role: 'status' }, note) : null,
      h('dl', { className: 'trace-facts' },
        h('dt', {}, 'Start'), h('dd', {}, formatTime(nanosToDate(trace.startNanos))),
        h('dt', {}, 'Duration'), h('dd', { className: 'trace-duration' }, formatDuration(trace.duration)),
        h('dt', {}, 'Services'), h('dd', {}, trace.services.length),
        h('dt', {}, 'Depth'), h('dd', {}, trace.depth),
        h('dt', {}, 'Spans'), h('dd', { className: 'trace-span-count' }, trace.order.length),
        h('dt', {}, 'Errors'), h('dd', { className: trace.errorCount > 0 ? 'has-errors' : '' }, trace.errorCount))),
    h('div', { className: 'trace-tools', role: 'toolbar', 'aria-label': 'Trace tools' },
      h('label', { for: 'find', className: 'visually-hidden' }, 'Find in trace'), find,
      h('button', { type: 'button', onclick: () => step(-1), 'aria-label': 'Previous match' }, '↑'),
      h('button', { type: 'button', onclick: () => step(1), 'aria-label': 'Next match' }, '↓'),
      findStatus,
      h('button', { type: 'button', onclick: () => timeline.setAllCollapsed(false) }, 'Expand all'),
      h('button', { type: 'button', onclick: () => timeline.setAllCollapsed(true) }, 'Collapse all'),
      h('button', { type: 'button', className: 'download-json', onclick: () => download(body, fileName) }, 'Download JSON'),
      h('span', { className: 'legend' }, h('span', { className: 'legend-critical', 'aria-hidden': 'true' }), 'Critical path')),
    statistics(trace),
    h('div', { className: 'trace-body' }, timeline.element, details)));
  timeline.render();

  if (params.get('find')) {
    find.value = params.get('find');
    runFind();
  }
  const wanted = params.get('span') && trace.byId.get(params.get('span'));
  if (wanted) {
    timeline.reveal(wanted);
  }
}
