// The comparison of two traces: their call trees merged by path (trace-diff.js), with each path's spans in either
// trace. Its URL, /compare?a={id}&b={id}, reproduces the view.
import { getJson } from './api.js';
import { formatDuration, formatTime, h, nanosToDate } from './format.js';
import { emptyState, errorState, loadingState } from './states.js';
import { servicePath } from './paths.js';
import { buildTrace } from './trace-model.js';
import { compareTraces } from './trace-diff.js';

const CHANGES = {
  'only-a': 'only in A',
  'only-b': 'only in B',
  same: 'same',
};

export function renderCompare(main, params, { signal, navigate }) {
  const ids = { a: (params.get('a') ?? '').trim().toLowerCase(), b: (params.get('b') ?? '').trim().toLowerCase() };
  const input = (side) => h('input', { id: `compare-${side}`, name: side, value: ids[side], placeholder: 'Trace id', autocomplete: 'off',
    spellcheck: 'false', pattern: '[0-9a-fA-F]{1,32}', title: 'Up to 32 hexadecimal characters', required: true });
  const inputs = { a: input('a'), b: input('b') };
  const form = h('form', { className: 'compare-form', 'aria-label': 'Traces to compare' },
    h('label', { for: 'compare-a' }, 'Trace A'), inputs.a,
    h('label', { for: 'compare-b' }, 'Trace B'), inputs.b,
    h('button', { type: 'submit', className: 'primary' }, 'Compare'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (form.reportValidity()) {
      navigate(`/compare?a=${encodeURIComponent(inputs.a.value.trim().toLowerCase())}&b=${encodeURIComponent(inputs.b.value.trim().toLowerCase())}`);
    }
  });
  const body = h('section', { className: 'compare-body', 'aria-label': 'Comparison', 'aria-live': 'polite' });
  main.append(h('div', { className: 'compare-page' }, h('h1', {}, 'Compare traces'), form, body));

  if (!ids.a || !ids.b) {
    body.append(emptyState('Choose two traces', 'Tick two traces in the search results and select "Compare selected", or enter two trace ids.'));
    return;
  }
  body.append(loadingState('Loading both traces…'));
  load();

  async function load() {
    const traces = {};
    for (const side of ['a', 'b']) {
      try {
        traces[side] = buildTrace((await getJson(`/api/v3/traces/${encodeURIComponent(ids[side])}`, {}, signal)).result ?? {});
      } catch (error) {
        if (error.name !== 'AbortError') {
          body.replaceChildren(error.kind === 'not-found'
            ? emptyState(`Trace ${side.toUpperCase()} (${ids[side]}) not found`, 'It may be older than the retention period, or not yet stored. Check the id.')
            : errorState(error, `trace ${ids[side]}`));
        }
        return;
      }
      if (!traces[side]) {
        body.replaceChildren(emptyState(`Trace ${side.toUpperCase()} (${ids[side]}) has no spans`));
        return;
      }
    }
    show(traces.a, traces.b);
  }

  function show(a, b) {
    const rows = compareTraces(a, b);
    const differences = rows.filter((r) => r.change !== 'same').length;
    const onlyDifferences = h('input', { id: 'compare-only-differences', type: 'checkbox' });
    const table = h('table', { className: 'deps-table compare-table' },
      h('caption', {}, `${rows.length} call paths, ${differences} different`),
      h('thead', {}, h('tr', {}, ['Call path', 'Spans in A', 'Spans in B', 'Change', 'Average in A', 'Average in B', 'Errors in A', 'Errors in B']
        .map((name) => h('th', { scope: 'col' }, name)))),
      h('tbody', {}, rows.map(compareRow)));
    onlyDifferences.addEventListener('change', () => table.classList.toggle('only-differences', onlyDifferences.checked));
    body.replaceChildren(
      h('div', { className: 'compare-traces' }, summary('A', a), summary('B', b)),
      h('p', { className: 'muted' }, 'Each row is a call path: a service and operation under the path of its parent span. '
        + 'Spans with the same path in one trace are counted together.'),
      h('label', { className: 'compare-filter' }, onlyDifferences, 'Only differences'),
      // The table scrolls sideways in its own box on a narrow window; the page itself does not.
      h('div', { className: 'compare-scroll' }, table));
  }
}

function summary(side, trace) {
  return h('section', { className: 'compare-trace', 'aria-label': `Trace ${side}` },
    h('h2', {}, `${side}: `, h('a', { href: servicePath(`/trace/${trace.traceId}`) }, `${trace.root.service}: ${trace.root.name}`)),
    h('p', { className: 'mono trace-id-full' }, trace.traceId),
    h('dl', { className: 'trace-facts' },
      h('dt', {}, 'Start'), h('dd', {}, formatTime(nanosToDate(trace.startNanos))),
      h('dt', {}, 'Duration'), h('dd', {}, formatDuration(trace.duration)),
      h('dt', {}, 'Spans'), h('dd', {}, trace.order.length),
      h('dt', {}, 'Errors'), h('dd', { className: trace.errorCount > 0 ? 'has-errors' : '' }, trace.errorCount)));
}

function compareRow(row) {
  const number = (value) => h('td', { className: 'num' }, value);
  const delta = row.b.spans - row.a.spans;
  const change = CHANGES[row.change] ?? (delta > 0 ? `+${delta}` : `−${-delta}`);
  return h('tr', { className: `diff-${row.change}`, 'data-change': row.change },
    h('th', { scope: 'row', className: 'compare-path', style: { paddingLeft: `${8 + row.depth * 16}px` } }, `${row.service}: ${row.name}`),
    number(row.a.spans), number(row.b.spans), h('td', { className: 'compare-change' }, change),
    number(row.a.spans > 0 ? formatDuration(row.a.average) : ''), number(row.b.spans > 0 ? formatDuration(row.b.average) : ''),
    number(row.a.errors), number(row.b.errors));
}
