// Two traces compared as Jaeger's trace comparison compares them: their call trees merged by path, where a span's
// path is its service and operation under its parent's path, so the same call made in both traces is one row.

/**
 * The merged call tree of `a` and `b` (each from buildTrace), depth first, children in the order they first appear
 * (in `a`, then in `b`). Each row has the path's service, operation and depth, each trace's spans, errors and average
 * duration there, and `change`: 'only-a', 'only-b', 'more' (more spans in b), 'fewer' or 'same'.
 */
export function compareTraces(a, b) {
  const top = { children: new Map() };
  [a, b].forEach((trace, side) => {
    const nodeOf = new Map();
    for (const span of trace.order) {
      // A span whose parent is missing (or caught in a parent cycle) starts a path of its own, as the timeline shows it.
      const parent = nodeOf.get(span.parent) ?? top;
      const key = `${span.service}\u0000${span.name}`;
      let node = parent.children.get(key);
      if (!node) {
        node = { service: span.service, name: span.name, children: new Map(), spans: [0, 0], errors: [0, 0], total: [0, 0] };
        parent.children.set(key, node);
      }
      node.spans[side]++;
      node.errors[side] += span.error ? 1 : 0;
      node.total[side] += span.duration;
      nodeOf.set(span, node);
    }
  });

  const rows = [];
  const stack = [...top.children.values()].reverse().map((node) => [node, 0]);
  while (stack.length > 0) {
    const [node, depth] = stack.pop();
    rows.push(row(node, depth));
    for (const child of [...node.children.values()].reverse()) {
      stack.push([child, depth + 1]);
    }
  }
  return rows;
}

function row(node, depth) {
  const side = (i) => ({ spans: node.spans[i], errors: node.errors[i], average: node.spans[i] > 0 ? node.total[i] / node.spans[i] : 0 });
  const [inA, inB] = node.spans;
  const change = inA === 0 ? 'only-b' : inB === 0 ? 'only-a' : inB > inA ? 'more' : inB < inA ? 'fewer' : 'same';
  return { service: node.service, name: node.name, depth, a: side(0), b: side(1), change };
}
