// The service map: parent service → child service edges over a time range, from the legacy /api/dependencies,
// drawn left to right by call depth, with the same edges in a table for exact numbers and screen readers.
import { getJson } from './api.js';
import { h, serviceColor } from './format.js';
import { emptyState, errorState, loadingState } from './states.js';

const RANGES = [['1h', 'Last hour', 1], ['6h', 'Last 6 hours', 6], ['24h', 'Last 24 hours', 24], ['2d', 'Last 2 days', 48], ['7d', 'Last 7 days', 168]];

export function renderDependencies(main, params, { signal, navigate }) {
  const range = RANGES.find(([value]) => value === params.get('lookback')) ?? RANGES[2];
  const select = h('select', { id: 'deps-lookback', name: 'lookback' }, RANGES.map(([value, label]) => h('option', { value }, label)));
  select.value = range[0];
  const form = h('form', { className: 'deps-form', 'aria-label': 'Service map range' },
    h('label', { for: 'deps-lookback' }, 'Time range'), select, h('button', { type: 'submit', className: 'primary' }, 'Show'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(`/dependencies?lookback=${select.value}`);
  });
  const content = h('div', { className: 'deps-content', 'aria-live': 'polite' }, loadingState('Loading the service map…'));
  main.append(h('div', { className: 'deps-page' }, h('h1', {}, 'Service map'), form, content));

  (async () => {
    let edges;
    try {
      const body = await getJson('/api/dependencies', { endTs: Date.now(), lookback: range[2] * 3_600_000 }, signal);
      edges = (body.data ?? []).map((d) => ({ parent: d.parent, child: d.child, calls: Number(d.callCount ?? 0), errors: Number(d.errorCount ?? 0) }));
    } catch (error) {
      if (error.name !== 'AbortError') {
        content.replaceChildren(errorState(error, 'the service map'));
      }
      return;
    }
    content.replaceChildren(...(edges.length === 0
      ? [emptyState('No service calls in this range', 'Edges appear when a span of one service is the parent of a span of another.')]
      : [graph(edges), edgeTable(edges)]));
  })();
}

/** Columns by longest call path from the services nobody calls; cycles are cut after as many rounds as there are services. */
function layers(edges) {
  const services = [...new Set(edges.flatMap((e) => [e.parent, e.child]))].sort((a, b) => a.localeCompare(b));
  const layer = new Map(services.map((s) => [s, 0]));
  for (let round = 0; round < services.length; round++) {
    let changed = false;
    for (const { parent, child } of edges) {
      if (parent !== child && layer.get(child) < layer.get(parent) + 1 && layer.get(parent) + 1 < services.length) {
        layer.set(child, layer.get(parent) + 1);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return { services, layer };
}

function graph(edges) {
  const { services, layer } = layers(edges);
  const columns = [];
  for (const service of services) {
    (columns[layer.get(service)] ??= []).push(service);
  }
  const nodeWidth = 160;
  const nodeHeight = 36;
  const columnGap = 120;
  const rowGap = 40;
  const position = new Map();
  columns.forEach((column, x) => column.forEach((service, y) =>
    position.set(service, { x: 20 + x * (nodeWidth + columnGap), y: 20 + y * (nodeHeight + rowGap) })));
  const width = 40 + columns.length * nodeWidth + (columns.length - 1) * columnGap;
  const height = 40 + Math.max(...columns.map((c) => c.length)) * (nodeHeight + rowGap) - rowGap;

  const edgeElements = edges.map((edge) => {
    const from = position.get(edge.parent);
    const to = position.get(edge.child);
    const label = `${edge.calls} call${edge.calls === 1 ? '' : 's'}${edge.errors > 0 ? `, ${edge.errors} error${edge.errors === 1 ? '' : 's'}` : ''}`;
    let path;
    let labelX;
    let labelY;
    if (edge.parent === edge.child) {
      path = `M ${from.x + nodeWidth - 30} ${from.y} c 0 -30 40 -30 30 0`;
      labelX = from.x + nodeWidth;
      labelY = from.y - 22;
    } else {
      const x1 = from.x + nodeWidth;
      const y1 = from.y + nodeHeight / 2;
      const backwards = to.x <= from.x;
      const x2 = backwards ? to.x + nodeWidth / 2 : to.x;
      const y2 = backwards ? to.y + nodeHeight : to.y + nodeHeight / 2;
      path = `M ${x1} ${y1} C ${x1 + 60} ${y1}, ${x2 - 60} ${y2}, ${x2} ${y2}`;
      labelX = (x1 + x2) / 2;
      labelY = (y1 + y2) / 2 - 6;
    }
    return h('svg:g', { className: edge.errors > 0 ? 'edge has-errors' : 'edge' },
      h('svg:path', { d: path, 'marker-end': 'url(#arrow)' }),
      h('svg:text', { x: labelX, y: labelY, 'text-anchor': 'middle', className: 'edge-label' }, label));
  });

  const nodes = services.map((service) => {
    const { x, y } = position.get(service);
    return h('svg:g', { className: 'node', 'data-service': service },
      h('svg:rect', { x, y, width: nodeWidth, height: nodeHeight, rx: 6, stroke: serviceColor(service) }),
      h('svg:text', { x: x + nodeWidth / 2, y: y + nodeHeight / 2 + 5, 'text-anchor': 'middle' }, service.length > 22 ? `${service.slice(0, 21)}…` : service,
        h('svg:title', {}, service)));
  });

  return h('figure', { className: 'deps-graph' },
    h('div', { className: 'graph-scroll' },
      h('svg:svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Service map: ${services.length} services, ${edges.length} edges` },
        h('svg:defs', {}, h('svg:marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse' },
          h('svg:path', { d: 'M 0 0 L 10 5 L 0 10 z' }))),
        edgeElements, nodes)),
    h('figcaption', {}, `${services.length} services, ${edges.length} edges; each arrow points from the calling service to the called one.`));
}

function edgeTable(edges) {
  const sorted = [...edges].sort((a, b) => b.calls - a.calls || a.parent.localeCompare(b.parent) || a.child.localeCompare(b.child));
  return h('table', { className: 'deps-table' },
    h('caption', {}, 'Calls between services'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Parent'), h('th', { scope: 'col' }, 'Child'), h('th', { scope: 'col' }, 'Calls'), h('th', { scope: 'col' }, 'Errors'))),
    h('tbody', {}, sorted.map((e) => h('tr', { 'data-edge': `${e.parent}->${e.child}` },
      h('td', {}, e.parent), h('td', {}, e.child), h('td', { className: 'num' }, e.calls), h('td', { className: 'num' }, e.errors)))));
}
