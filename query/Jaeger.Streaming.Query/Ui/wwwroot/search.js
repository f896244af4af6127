// The search page: pickers filled from the API, attribute filters, a time range, durations and a limit. The search
// lives in the URL (/search?service=...), so a search's address reproduces it.
import { getJson } from './api.js';
import { formatDuration, formatTime, h, parseProtoDuration, serviceColor, toLocalInput } from './format.js';
import { emptyState, errorState, loadingState } from './states.js';
import { servicePath } from './paths.js';
import { checkTraceFileSize, openTraceFile } from './trace-file.js';

const LOOKBACKS = [['15m', 'Last 15 minutes', 15], ['1h', 'Last hour', 60], ['6h', 'Last 6 hours', 360], ['24h', 'Last 24 hours', 1440], ['custom', 'Custom range', 0]];
const DEFAULT_LIMIT = 20;

// How the results can be ordered, as in Jaeger's search page: the search's depth applies first, then the order.
const SORTS = [
  ['recent', 'Most recent', (a, b) => b.start - a.start],
  ['longest', 'Longest first', (a, b) => b.durationNs - a.durationNs],
  ['shortest', 'Shortest first', (a, b) => a.durationNs - b.durationNs],
  ['most-spans', 'Most spans', (a, b) => b.spanCount - a.spanCount],
  ['fewest-spans', 'Fewest spans', (a, b) => a.spanCount - b.spanCount],
];

export function renderSearch(main, params, { signal, navigate }) {
  const field = (label, control, hint) => h('div', { className: 'field' },
    h('label', { for: control.id }, label), control, hint ? h('small', { id: `${control.id}-hint` }, hint) : null);

  const service = h('select', { id: 'search-service', name: 'service' }, h('option', { value: '' }, 'All services'));
  const operation = h('select', { id: 'search-operation', name: 'operation' }, h('option', { value: '' }, 'All operations'));
  const attributes = h('textarea', { id: 'search-attributes', name: 'attributes', rows: 2, spellcheck: 'false',
    placeholder: 'http.response.status_code=500', 'aria-describedby': 'search-attributes-hint' });
  const lookback = h('select', { id: 'search-lookback', name: 'lookback' },
    LOOKBACKS.map(([value, label]) => h('option', { value }, label)));
  const start = h('input', { id: 'search-start', name: 'start', type: 'datetime-local' });
  const end = h('input', { id: 'search-end', name: 'end', type: 'datetime-local' });
  const minDuration = h('input', { id: 'search-min-duration', name: 'minDuration', placeholder: 'e.g. 10ms', spellcheck: 'false', 'aria-describedby': 'search-min-duration-hint' });
  const maxDuration = h('input', { id: 'search-max-duration', name: 'maxDuration', placeholder: 'e.g. 2s', spellcheck: 'false', 'aria-describedby': 'search-max-duration-hint' });
  const limit = h('input', { id: 'search-limit', name: 'limit', type: 'number', min: 1, max: 1000, value: DEFAULT_LIMIT, required: true });
  const formError = h('p', { className: 'form-error', id: 'search-form-error', role: 'alert', hidden: true });
  const custom = h('div', { className: 'custom-range', hidden: true }, field('From', start), field('To', end));

  const form = h('form', { className: 'search-form', 'aria-label': 'Find traces', novalidate: true },
    field('Service', service),
    field('Operation', operation),
    field('Attributes', attributes, 'One key=value per line; values match exactly.'),
    field('Time range', lookback),
    custom,
    field('Min duration', minDuration, 'Go duration: 500us, 10ms, 1.5s'),
    field('Max duration', maxDuration, 'Go duration: 500us, 10ms, 1.5s'),
    field('Limit', limit),
    formError,
    h('div', { className: 'actions' }, h('button', { type: 'submit', className: 'primary' }, 'Find traces')));

  const results = h('section', { className: 'results', 'aria-label': 'Search results', 'aria-live': 'polite' });
  main.append(h('div', { className: 'search-page' },
    h('aside', { className: 'search-panel' }, h('h1', {}, 'Search'), form, traceFileForm(navigate)), results));

  // The form shows the URL's search.
  attributes.value = params.getAll('attr').join('\n');
  lookback.value = LOOKBACKS.some(([value]) => value === params.get('lookback')) ? params.get('lookback') : '1h';
  const now = new Date();
  start.value = params.has('start') ? toLocalInput(new Date(params.get('start'))) : toLocalInput(new Date(now - 3_600_000));
  end.value = params.has('end') ? toLocalInput(new Date(params.get('end'))) : toLocalInput(now);
  custom.hidden = lookback.value !== 'custom';
  minDuration.value = params.get('minDuration') ?? '';
  maxDuration.value = params.get('maxDuration') ?? '';
  limit.value = params.get('limit') ?? DEFAULT_LIMIT;

  lookback.addEventListener('change', () => { custom.hidden = lookback.value !== 'custom'; });
  service.addEventListener('change', () => loadOperations(service.value, '').catch((error) => {
    if (error.name !== 'AbortError') {
      results.replaceChildren(errorState(error, `the operations of ${service.value}`));
    }
  }));

  async function loadServices() {
    try {
      const body = await getJson('/api/v3/services', {}, signal);
      const names = [...(body.services ?? [])].sort((a, b) => a.localeCompare(b));
      service.append(...names.map((name) => h('option', { value: name }, name)));
      // A deep link may name a service that has no spans any more; keep it selectable so the URL stays true.
      const wanted = params.get('service') ?? '';
      if (wanted && !names.includes(wanted)) {
        service.append(h('option', { value: wanted }, wanted));
      }
      service.value = wanted;
      await loadOperations(wanted, params.get('operation') ?? '');
    } catch (error) {
      if (error.name !== 'AbortError') {
        results.replaceChildren(errorState(error, 'the list of services'));
      }
    }
  }

  async function loadOperations(serviceName, wanted) {
    operation.replaceChildren(h('option', { value: '' }, 'All operations'));
    if (!serviceName) {
      return;
    }
    const body = await getJson('/api/v3/operations', { service: serviceName }, signal);
    const names = [...new Set((body.operations ?? []).map((o) => o.name))].sort((a, b) => a.localeCompare(b));
    if (wanted && !names.includes(wanted)) {
      names.push(wanted);
    }
    operation.append(...names.map((name) => h('option', { value: name }, name)));
    operation.value = wanted;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    const problems = [];
    for (const name of ['service', 'operation']) {
      if (form.elements[name].value) {
        query.set(name, form.elements[name].value);
      }
    }
    for (const line of attributes.value.split('\n').map((l) => l.trim()).filter(Boolean)) {
      if (line.indexOf('=') <= 0) {
        problems.push(`Attribute filter "${line}" is not key=value.`);
      }
      query.append('attr', line);
    }
    query.set('lookback', lookback.value);
    if (lookback.value === 'custom') {
      const from = new Date(start.value);
      const to = new Date(end.value);
      if (Number.isNaN(from.valueOf()) || Number.isNaN(to.valueOf())) {
        problems.push('Give both ends of the custom time range.');
      } else if (from > to) {
        problems.push('The custom range starts after it ends.');
      } else {
        query.set('start', from.toISOString());
        query.set('end', to.toISOString());
      }
    }
    for (const input of [minDuration, maxDuration]) {
      if (input.value.trim()) {
        query.set(input.name, input.value.trim());
      }
    }
    if (!limit.checkValidity() || !/^\d+$/.test(limit.value)) {
      problems.push('Limit must be a whole number from 1 to 1000.');
    }
    query.set('limit', limit.value);
    // The results' order stays as chosen (it is in the URL, not in the form).
    const sortOrder = new URLSearchParams(location.search).get('sort');
    if (sortOrder) {
      query.set('sort', sortOrder);
    }

    formError.hidden = problems.length === 0;
    formError.textContent = problems.join(' ');
    attributes.setAttribute('aria-invalid', problems.some((p) => p.startsWith('Attribute')) ? 'true' : 'false');
    if (problems.length === 0) {
      navigate(`/search?${query}`);
    }
  });

  loadServices();
  if ([...params.keys()].length > 0) {
    runSearch(params, results, signal, navigate);
  } else {
    results.replaceChildren(emptyState('Find traces', 'Choose a service, a time range and filters, then select "Find traces".'));
  }
}

/** Opens a trace from a JSON file (Download JSON's, any OTLP/JSON, or Jaeger's) without storing it. */
function traceFileForm(navigate) {
  const input = h('input', { id: 'trace-file', type: 'file', accept: '.json,application/json', 'aria-describedby': 'trace-file-hint' });
  const problem = h('p', { className: 'form-error', id: 'trace-file-error', role: 'alert', hidden: true });
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) {
      return;
    }
    try {
      checkTraceFileSize(file.name, file.size);
      openTraceFile(file.name, await file.text());
    } catch (error) {
      problem.textContent = error.message;
      problem.hidden = false;
      input.value = '';
      return;
    }
    navigate('/trace-file');
  });
  return h('div', { className: 'trace-file field' },
    h('h2', {}, 'Open a trace file'),
    h('label', { for: 'trace-file' }, 'Trace JSON file'), input,
    h('small', { id: 'trace-file-hint' }, 'OTLP/JSON (as Download JSON saves it) or Jaeger JSON; read in this page only, not stored.'),
    problem);
}

/** The API v3 query for a search URL; relative ranges are taken relative to now, as in Jaeger. */
function traceQuery(params, now = new Date()) {
  const minutes = LOOKBACKS.find(([value]) => value === params.get('lookback'))?.[2] ?? 60;
  const custom = params.get('lookback') === 'custom';
  const attributes = {};
  for (const pair of params.getAll('attr')) {
    const at = pair.indexOf('=');
    attributes[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return {
    'query.serviceName': params.get('service'),
    'query.operationName': params.get('operation'),
    'query.startTimeMin': custom ? params.get('start') : new Date(now - minutes * 60_000).toISOString(),
    'query.startTimeMax': custom ? params.get('end') : now.toISOString(),
    'query.durationMin': params.get('minDuration'),
    'query.durationMax': params.get('maxDuration'),
    'query.searchDepth': params.get('limit') ?? DEFAULT_LIMIT,
    'query.attributes': Object.keys(attributes).length > 0 ? JSON.stringify(attributes) : undefined,
  };
}

async function runSearch(params, results, signal, navigate) {
  results.replaceChildren(loadingState('Searching…'));
  let summaries;
  try {
    summaries = (await getJson('/api/v3/trace-summaries', traceQuery(params), signal)).summaries ?? [];
  } catch (error) {
    if (error.name !== 'AbortError') {
      results.replaceChildren(errorState(error, 'the search'));
    }
    return;
  }
  if (summaries.length === 0) {
    results.replaceChildren(emptyState('No traces match', 'Widen the time range, or remove a filter.'));
    return;
  }

  const traces = summaries.map((s) => ({ ...s, durationNs: parseProtoDuration(s.duration), start: new Date(s.startTime) }));
  const items = new Map(traces.map((trace) => [trace, resultItem(trace)]));
  const list = h('ol', { className: 'trace-list' });
  const sort = h('select', { id: 'search-sort', name: 'sort' }, SORTS.map(([value, label]) => h('option', { value }, label)));
  sort.value = SORTS.some(([value]) => value === params.get('sort')) ? params.get('sort') : 'recent';
  const order = () => {
    const byOrder = SORTS.find(([value]) => value === sort.value)[2];
    list.replaceChildren(...traces.slice().sort(byOrder).map((trace) => items.get(trace)));
  };
  sort.addEventListener('change', () => {
    order();
    const url = new URL(location.href);
    if (sort.value === 'recent') url.searchParams.delete('sort'); else url.searchParams.set('sort', sort.value);
    history.replaceState(null, '', url);
  });
  order();
  const compare = h('button', { type: 'button', className: 'compare-selected', disabled: true }, 'Compare selected (0 of 2)');
  const picked = () => [...list.querySelectorAll('.compare-pick input:checked')].map((box) => box.value);
  list.addEventListener('change', () => {
    const ids = picked();
    compare.disabled = ids.length !== 2;
    compare.textContent = `Compare selected (${ids.length} of 2)`;
  });
  compare.addEventListener('click', () => {
    const [a, b] = picked();
    navigate(`/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`);
  });
  results.replaceChildren(
    h('div', { className: 'result-bar' },
      h('p', { className: 'result-count', role: 'status' }, `${traces.length} trace${traces.length === 1 ? '' : 's'}`),
      h('div', { className: 'result-sort' }, h('label', { for: 'search-sort' }, 'Sort'), sort),
      compare),
    scatterPlot(traces),
    list);
}

function resultItem(trace) {
  return h('li', { className: 'trace-item', 'data-trace-id': trace.traceId },
    h('a', { className: 'trace-title', href: servicePath(`/trace/${trace.traceId}`) },
      h('span', { className: 'swatch', style: { backgroundColor: serviceColor(trace.rootServiceName) } }),
      `${trace.rootServiceName}: ${trace.rootSpanName}`),
    h('span', { className: 'trace-id' }, trace.traceId.slice(0, 8)),
    h('label', { className: 'compare-pick' },
      h('input', { type: 'checkbox', value: trace.traceId, 'aria-label': `Compare ${trace.rootServiceName}: ${trace.rootSpanName} (${trace.traceId.slice(0, 8)})` }),
      'Compare'),
    h('dl', { className: 'trace-meta' },
      h('dt', {}, 'Start'), h('dd', { className: 'trace-start' }, formatTime(trace.start)),
      h('dt', {}, 'Duration'), h('dd', { className: 'trace-duration' }, formatDuration(trace.durationNs)),
      h('dt', {}, 'Spans'), h('dd', { className: 'trace-spans' }, trace.spanCount),
      h('dt', {}, 'Errors'), h('dd', { className: trace.errorCount > 0 ? 'trace-errors has-errors' : 'trace-errors' }, trace.errorCount)),
    h('ul', { className: 'services', 'aria-label': 'Services' },
      trace.services.map((s) => h('li', { style: { borderLeftColor: serviceColor(s) } }, s))));
}

/** Duration against start time of each result; a point opens its trace. */
function scatterPlot(traces) {
  const width = 800;
  const height = 140;
  const pad = { left: 64, right: 12, top: 10, bottom: 24 };
  const times = traces.map((t) => t.start.valueOf());
  const minTime = Math.min(...times);
  const span = Math.max(Math.max(...times) - minTime, 1);
  const maxDuration = Math.max(...traces.map((t) => t.durationNs), 1);
  const x = (t) => pad.left + ((t.start.valueOf() - minTime) / span) * (width - pad.left - pad.right);
  const y = (t) => height - pad.bottom - (t.durationNs / maxDuration) * (height - pad.top - pad.bottom);

  return h('figure', { className: 'scatter' },
    h('svg:svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Durations of ${traces.length} traces over time` },
      h('svg:line', { x1: pad.left, y1: height - pad.bottom, x2: width - pad.right, y2: height - pad.bottom, className: 'axis' }),
      h('svg:line', { x1: pad.left, y1: pad.top, x2: pad.left, y2: height - pad.bottom, className: 'axis' }),
      h('svg:text', { x: pad.left - 6, y: pad.top + 8, 'text-anchor': 'end', className: 'axis-label' }, formatDuration(maxDuration)),
      h('svg:text', { x: pad.left - 6, y: height - pad.bottom, 'text-anchor': 'end', className: 'axis-label' }, '0'),
      h('svg:text', { x: pad.left, y: height - 6, className: 'axis-label' }, formatTime(new Date(minTime)).slice(11, 19)),
      h('svg:text', { x: width - pad.right, y: height - 6, 'text-anchor': 'end', className: 'axis-label' }, formatTime(new Date(minTime + span)).slice(11, 19)),
      traces.map((t) => h('svg:a', { href: servicePath(`/trace/${t.traceId}`), 'aria-label': `${t.rootServiceName}: ${t.rootSpanName}, ${formatDuration(t.durationNs)}` },
        h('svg:circle', { cx: x(t).toFixed(1), cy: y(t).toFixed(1), r: 5, className: t.errorCount > 0 ? 'point error' : 'point' },
          h('svg:title', {}, `${t.rootServiceName}: ${t.rootSpanName} — ${formatDuration(t.durationNs)}`))))),
    h('figcaption', { className: 'visually-hidden' }, 'Trace duration against start time'));
}
