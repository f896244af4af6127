// A trace as the timeline needs it: spans from API v3's OTLP/JSON with their resource and scope, times relative to
// the trace start, and a depth-first order in which every span's subtree is one contiguous range.

/** An OTLP/JSON AnyValue as display text. */
export function anyValueText(value) {
  if (!value) {
    return '';
  }
  if ('stringValue' in value) return value.stringValue;
  if ('intValue' in value) return String(value.intValue);
  if ('doubleValue' in value) return String(value.doubleValue);
  if ('boolValue' in value) return String(value.boolValue);
  if ('bytesValue' in value) return value.bytesValue;
  if ('arrayValue' in value) return `[${(value.arrayValue.values ?? []).map(anyValueText).join(', ')}]`;
  if ('kvlistValue' in value) return `{${(value.kvlistValue.values ?? []).map((kv) => `${kv.key}: ${anyValueText(kv.value)}`).join(', ')}}`;
  return '';
}

const KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

function kindName(kind) {
  if (typeof kind === 'number') return KINDS[kind] ?? String(kind);
  return String(kind ?? 'SPAN_KIND_UNSPECIFIED').replace(/^SPAN_KIND_/, '').toLowerCase();
}

function isError(status) {
  return status?.code === 2 || status?.code === 'STATUS_CODE_ERROR';
}

export function buildTrace(tracesData) {
  const spans = [];
  for (const resourceSpans of tracesData.resourceSpans ?? []) {
    const resource = resourceSpans.resource ?? {};
    const service = anyValueText((resource.attributes ?? []).find((a) => a.key === 'service.name')?.value) || 'unknown_service';
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        spans.push({
          traceId: span.traceId,
          id: span.spanId,
          parentId: span.parentSpanId || '',
          name: span.name ?? '',
          kind: kindName(span.kind),
          service,
          resource,
          scope: scopeSpans.scope ?? {},
          startNanos: BigInt(span.startTimeUnixNano ?? 0),
          endNanos: BigInt(span.endTimeUnixNano ?? span.startTimeUnixNano ?? 0),
          attributes: span.attributes ?? [],
          events: span.events ?? [],
          links: span.links ?? [],
          status: span.status ?? {},
          error: isError(span.status),
          children: [],
          depth: 0,
          index: 0,
          last: 0,
        });
      }
    }
  }
  if (spans.length === 0) {
    return null;
  }

  let start = spans[0].startNanos;
  let end = spans[0].endNanos;
  for (const span of spans) {
    if (span.startNanos < start) start = span.startNanos;
    if (span.endNanos > end) end = span.endNanos;
  }
  const byId = new Map();
  for (const span of spans) {
    span.offset = Number(span.startNanos - start);
    span.duration = span.endNanos > span.startNanos ? Number(span.endNanos - span.startNanos) : 0;
    span.eventOffsets = span.events.map((e) => Number(BigInt(e.timeUnixNano ?? 0) - start));
    byId.set(span.id, span);
  }

  const roots = [];
  for (const span of spans) {
    const parent = span.parentId && span.parentId !== span.id ? byId.get(span.parentId) : undefined;
    (parent ? parent.children : roots).push(span);
  }
  const byStart = (a, b) => (a.startNanos < b.startNanos ? -1 : a.startNanos > b.startNanos ? 1 : 0);

  // Iterative, because a long chain of spans would overflow the call stack. Spans caught in a parent cycle are
  // unreachable from any root and are shown as roots instead of disappearing.
  const order = [];
  const visited = new Set();
  const walk = (root) => {
    const stack = [[root, 0]];
    while (stack.length > 0) {
      const [span, depth] = stack.pop();
      if (visited.has(span)) {
        continue;
      }
      visited.add(span);
      span.depth = depth;
      span.index = order.length;
      order.push(span);
      span.children.sort(byStart);
      for (let i = span.children.length - 1; i >= 0; i--) {
        stack.push([span.children[i], depth + 1]);
      }
    }
  };
  roots.sort(byStart).forEach(walk);
  for (const span of spans.slice().sort(byStart)) {
    if (!visited.has(span)) {
      roots.push(span);
      walk(span);
    }
  }

  // Each span's subtree is order[index..last].
  for (let i = order.length - 1; i >= 0; i--) {
    const span = order[i];
    span.last = span.children.reduce((last, child) => (child.depth === span.depth + 1 && visited.has(child) ? Math.max(last, child.last) : last), i);
    span.parent = span.parentId ? byId.get(span.parentId) : undefined;
  }

  const services = [...new Set(spans.map((s) => s.service))].sort((a, b) => a.localeCompare(b));
  criticalPath(order[0]);
  return {
    traceId: spans[0].traceId,
    root: order[0],
    order,
    byId,
    services,
    startNanos: start,
    duration: Number(end - start),
    depth: Math.max(...order.map((s) => s.depth)) + 1,
    errorCount: spans.filter((s) => s.error).length,
  };
}

/**
 * Marks the critical path from `root`: the chain of work its end waits on, as in Jaeger's timeline. Walking back from
 * the end of a span, the child that finished last before that point is on the path, and so is the span itself
 * between that child's end and the point; the walk then goes into the child, and on in the span from the child's
 * start. Children are clipped to their parent (a child running past its parent's end does not hold the parent up), and
 * a child that overlaps the one already chosen ran in parallel and is not on the path. Each span gets `critical`:
 * its sections on the path, as [from, to] offsets in ns, latest first.
 */
export function criticalPath(root) {
  const seen = new Set();
  const stack = [[root, root.offset, root.offset + root.duration]];
  while (stack.length > 0) {
    const [span, from, to] = stack.pop();
    if (seen.has(span)) {
      continue;
    }
    seen.add(span);
    span.critical = [];
    const children = span.children
      .filter((child) => child.parent === span && !seen.has(child))
      .map((child) => ({ child, start: Math.max(child.offset, from), end: Math.min(child.offset + child.duration, to) }))
      .filter((clipped) => clipped.end > clipped.start)
      .sort((a, b) => b.end - a.end);
    let cursor = to;
    for (const { child, start, end } of children) {
      if (cursor <= from) {
        break;
      }
      if (end > cursor) {
        continue;
      }
      if (cursor > end) {
        span.critical.push([end, cursor]);
      }
      stack.push([child, start, end]);
      cursor = start;
    }
    if (cursor > from) {
      span.critical.push([from, cursor]);
    }
  }
}

/**
 * Per service and operation of a trace: span count, errors, total, average and longest duration, and self time (a
 * span's duration less the time some child of it was running, overlapping children counted once), sorted by self
 * time, most first: where the trace's time went, as Jaeger's trace statistics show it.
 */
export function operationStatistics(trace) {
  const rows = new Map();
  for (const span of trace.order) {
    const key = `${span.service}\n${span.name}`;
    let row = rows.get(key);
    if (!row) {
      row = { service: span.service, name: span.name, count: 0, errors: 0, total: 0, max: 0, self: 0 };
      rows.set(key, row);
    }
    row.count++;
    row.errors += span.error ? 1 : 0;
    row.total += span.duration;
    row.max = Math.max(row.max, span.duration);
    row.self += selfTime(span);
  }
  return [...rows.values()]
    .map((row) => ({ ...row, average: row.total / row.count }))
    .sort((a, b) => b.self - a.self || a.service.localeCompare(b.service) || a.name.localeCompare(b.name));
}

function selfTime(span) {
  const end = span.offset + span.duration;
  const children = span.children
    .filter((child) => child !== span)
    .map((child) => [Math.max(child.offset, span.offset), Math.min(child.offset + child.duration, end)])
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let reached = span.offset;
  for (const [from, to] of children) {
    if (to > reached) {
      covered += to - Math.max(from, reached);
      reached = to;
    }
  }
  return span.duration - covered;
}

/** The spans to show, in order, skipping the descendants of collapsed spans. */
export function visibleSpans(trace, collapsed) {
  const rows = [];
  const { order } = trace;
  for (let i = 0; i < order.length;) {
    const span = order[i];
    rows.push(span);
    i = collapsed.has(span.id) ? span.last + 1 : i + 1;
  }
  return rows;
}

/** Text a find-in-trace query is matched against: names, service, ids, attribute keys and values. */
export function searchText(span) {
  if (span.searchText === undefined) {
    const parts = [span.name, span.service, span.id];
    for (const attribute of [...span.attributes, ...(span.resource.attributes ?? [])]) {
      parts.push(attribute.key, anyValueText(attribute.value));
    }
    for (const event of span.events) {
      parts.push(event.name ?? '');
    }
    span.searchText = parts.join('\n').toLowerCase();
  }
  return span.searchText;
}
