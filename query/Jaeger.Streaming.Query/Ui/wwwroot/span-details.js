// The selected span: its timing, status, attributes, events, links, resource and scope.
import { formatDuration, formatTime, h, nanosToDate, serviceColor } from './format.js';
import { servicePath } from './paths.js';
import { anyValueText } from './trace-model.js';

function attributeTable(attributes, label) {
  if (!attributes || attributes.length === 0) {
    return h('p', { className: 'muted' }, `No ${label.toLowerCase()}.`);
  }
  return h('table', { className: 'kv', 'aria-label': label },
    h('tbody', {}, attributes.map((a) => h('tr', {}, h('th', { scope: 'row' }, a.key), h('td', {}, anyValueText(a.value))))));
}

function section(title, ...content) {
  return h('section', { className: 'detail-section', 'data-section': title.toLowerCase() }, h('h3', {}, title), ...content);
}

/** How much of the span's own time the trace's end waited on (its sections on the critical path). */
function criticalText(span) {
  const total = (span.critical ?? []).reduce((sum, [from, to]) => sum + (to - from), 0);
  if (total === 0) {
    return 'not on the critical path';
  }
  const share = span.duration > 0 ? ` (${Math.round((total * 100) / span.duration)}% of the span)` : '';
  return `${formatDuration(total)} of its own time${share}`;
}

export function spanDetails(span, trace) {
  const code = span.status.code ?? 0;
  const status = typeof code === 'number' ? (['unset', 'ok', 'error'][code] ?? String(code)) : code.replace(/^STATUS_CODE_/, '').toLowerCase();
  const parentLink = span.parent
    ? h('a', { href: `${trace.path}?span=${span.parent.id}` }, `${span.parent.service}: ${span.parent.name}`)
    : span.parentId ? `${span.parentId} (not in this trace)` : 'none (root span)';

  const events = span.events.length === 0
    ? h('p', { className: 'muted' }, 'No events.')
    : h('ol', { className: 'events' }, span.events.map((event, i) => h('li', { className: 'event' },
      h('p', {}, h('strong', { className: 'event-name' }, event.name || '(unnamed)'), ' at ',
        h('span', { className: 'event-offset' }, formatDuration(span.eventOffsets[i] - span.offset)), ' into the span'),
      attributeTable(event.attributes, 'Event attributes'))));

  const links = span.links.length === 0
    ? h('p', { className: 'muted' }, 'No links.')
    : h('ul', { className: 'links' }, span.links.map((link) => h('li', {},
      h('a', { href: link.traceId === trace.traceId ? `${trace.path}?span=${link.spanId}` : servicePath(`/trace/${link.traceId}?span=${link.spanId}`) },
        link.traceId === trace.traceId ? `span ${link.spanId} in this trace` : `span ${link.spanId} in trace ${link.traceId}`),
      attributeTable(link.attributes, 'Link attributes'))));

  const scope = span.scope;
  const swatch = h('span', { className: 'swatch', style: { backgroundColor: serviceColor(span.service) } });
  return h('div', { className: 'span-details' },
    h('h2', { id: 'details-title' }, swatch, `${span.service}: ${span.name}`),
    h('dl', { className: 'facts' },
      h('dt', {}, 'Span id'), h('dd', { className: 'mono' }, span.id),
      h('dt', {}, 'Parent'), h('dd', {}, parentLink),
      h('dt', {}, 'Kind'), h('dd', {}, span.kind),
      h('dt', {}, 'Start'), h('dd', {}, `${formatTime(nanosToDate(span.startNanos))} (+${formatDuration(span.offset)})`),
      h('dt', {}, 'Duration'), h('dd', { className: 'detail-duration' }, formatDuration(span.duration)),
      h('dt', {}, 'Critical path'), h('dd', { className: 'detail-critical' }, criticalText(span)),
      h('dt', {}, 'Status'), h('dd', { className: span.error ? 'status-error' : '' }, span.status.message ? `${status}: ${span.status.message}` : status)),
    section('Attributes', attributeTable(span.attributes, 'Span attributes')),
    section('Events', events),
    section('Links', links),
    section('Resource', attributeTable(span.resource.attributes, 'Resource attributes')),
    section('Scope',
      h('p', { className: 'scope-name' }, scope.name ? `${scope.name}${scope.version ? ` ${scope.version}` : ''}` : 'Unnamed scope'),
      attributeTable(scope.attributes, 'Scope attributes')));
}
