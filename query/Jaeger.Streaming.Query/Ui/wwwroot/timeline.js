// The Gantt timeline: one row per visible span, nested by parent. Only the rows in view (plus a margin) exist in the
// DOM, so a trace of tens of thousands of spans scrolls like a small one. Keyboard: the tree follows the ARIA tree
// pattern with aria-activedescendant, because the focused row may be scrolled out of the DOM.
import { formatDuration, h, serviceColor } from './format.js';
import { visibleSpans } from './trace-model.js';

// The height of .row in style.css: rows are placed by index, so the two must agree.
const ROW_HEIGHT = 28;
const OVERSCAN = 10;
const TICKS = 5;

export class Timeline {
  constructor(trace, { onSelect }) {
    this.trace = trace;
    this.onSelect = onSelect;
    this.collapsed = new Set();
    this.matches = new Set();
    this.rows = visibleSpans(trace, this.collapsed);
    this.active = 0;
    this.selectedId = '';
    this.frame = 0;

    this.spacer = h('div', { className: 'rows-spacer' });
    this.viewport = h('div', {
      className: 'rows', role: 'tree', tabindex: 0, 'aria-label': `Spans of trace ${trace.traceId}`,
      onscroll: () => this.schedule(), onkeydown: (event) => this.onKey(event),
    }, this.spacer);
    this.viewport.addEventListener('click', (event) => this.onClick(event));
    this.element = h('div', { className: 'timeline' }, this.ruler(), this.viewport);
    this.resize = new ResizeObserver(() => this.schedule());
    this.resize.observe(this.viewport);
  }

  ruler() {
    const ticks = [];
    for (let i = 0; i <= TICKS; i++) {
      const tick = h('span', { className: 'tick' }, formatDuration((this.trace.duration * i) / TICKS));
      tick.style.left = `${(i * 100) / TICKS}%`;
      ticks.push(tick);
    }
    return h('div', { className: 'ruler', 'aria-hidden': 'true' },
      h('div', { className: 'ruler-name' }, 'Service and operation'), h('div', { className: 'ruler-ticks' }, ticks));
  }

  dispose() {
    cancelAnimationFrame(this.frame);
    this.resize.disconnect();
  }

  schedule() {
    if (!this.frame) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.render();
      });
    }
  }

  render() {
    this.spacer.style.height = `${this.rows.length * ROW_HEIGHT}px`;
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const count = Math.ceil((this.viewport.clientHeight || 600) / ROW_HEIGHT) + 2 * OVERSCAN;
    const last = Math.min(this.rows.length, first + count);
    const elements = [];
    for (let i = first; i < last; i++) {
      elements.push(this.row(this.rows[i], i));
    }
    this.spacer.replaceChildren(...elements);
    const active = this.rows[this.active];
    if (active) {
      this.viewport.setAttribute('aria-activedescendant', rowId(active));
    }
  }

  row(span, position) {
    const total = this.trace.duration || 1;
    const hasChildren = span.last > span.index;
    const expanded = hasChildren ? String(!this.collapsed.has(span.id)) : undefined;
    const color = serviceColor(span.service);

    const name = h('div', { className: 'row-name' },
      hasChildren
        ? h('span', { className: 'toggle', 'data-toggle': span.id, 'aria-hidden': 'true' }, expanded === 'true' ? '▾' : '▸')
        : h('span', { className: 'toggle-space' }),
      h('span', { className: 'swatch', style: { backgroundColor: color } }),
      h('span', { className: 'row-service' }, span.service),
      h('span', { className: 'row-op' }, span.name),
      span.error ? h('span', { className: 'error-marker', title: 'Error' }, '!') : null);
    name.style.paddingLeft = `${span.depth * 14 + 4}px`;

    const within = (offset) => (span.duration > 0 ? ((offset - span.offset) * 100) / span.duration : 0);
    const bar = h('div', { className: 'bar', title: `${span.service}: ${span.name} — ${formatDuration(span.duration)}`, style: { backgroundColor: color } },
      (span.critical ?? []).map(([from, to]) => {
        const section = h('span', { className: 'critical-section', title: `Critical path: ${formatDuration(to - from)}` });
        section.style.left = `${within(from)}%`;
        section.style.width = `${within(to) - within(from)}%`;
        return section;
      }),
      span.eventOffsets.map((offset, i) => {
        const mark = h('span', { className: 'event-mark', title: span.events[i].name ?? 'event' });
        mark.style.left = `${within(offset)}%`;
        return mark;
      }));
    bar.style.left = `${(span.offset * 100) / total}%`;
    bar.style.width = `max(2px, ${(span.duration * 100) / total}%)`;
    const duration = h('span', { className: 'row-duration' }, formatDuration(span.duration));
    // The bars leave a margin on the right (see .row-bars) so that the label after the last-ending span still fits.
    duration.style.left = `calc(${((span.offset + span.duration) * 100) / total}% + 4px)`;

    const classes = ['row'];
    if (span.error) classes.push('error');
    if (this.matches.has(span.id)) classes.push('match');
    if (position === this.active) classes.push('active');
    const row = h('div', {
      className: classes.join(' '), id: rowId(span), role: 'treeitem', 'data-span-id': span.id, 'data-depth': span.depth,
      'aria-level': span.depth + 1, 'aria-expanded': expanded, 'aria-selected': span.id === this.selectedId ? 'true' : 'false',
      'aria-label': `${span.service}: ${span.name}, ${formatDuration(span.duration)}${span.error ? ', error' : ''}`,
    }, name, h('div', { className: 'row-bars' }, bar, duration));
    row.style.transform = `translateY(${position * ROW_HEIGHT}px)`;
    return row;
  }

  onClick(event) {
    const toggle = event.target.closest('[data-toggle]');
    const row = event.target.closest('[data-span-id]');
    if (!row) {
      return;
    }
    const span = this.trace.byId.get(row.dataset.spanId);
    this.active = this.rows.indexOf(span);
    if (toggle) {
      this.toggle(span);
    } else {
      this.select(span);
    }
    this.viewport.focus({ preventScroll: true });
  }

  onKey(event) {
    const span = this.rows[this.active];
    if (!span) {
      return;
    }
    const page = Math.max(1, Math.floor(this.viewport.clientHeight / ROW_HEIGHT) - 1);
    const moves = {
      ArrowDown: () => this.moveTo(this.active + 1),
      ArrowUp: () => this.moveTo(this.active - 1),
      PageDown: () => this.moveTo(this.active + page),
      PageUp: () => this.moveTo(this.active - page),
      Home: () => this.moveTo(0),
      End: () => this.moveTo(this.rows.length - 1),
      ArrowRight: () => (span.last > span.index && this.collapsed.has(span.id) ? this.toggle(span) : this.moveTo(this.active + 1)),
      ArrowLeft: () => (span.last > span.index && !this.collapsed.has(span.id) ? this.toggle(span) : span.parent && this.moveTo(this.rows.indexOf(span.parent))),
      Enter: () => this.select(span),
      ' ': () => this.select(span),
    };
    if (moves[event.key]) {
      event.preventDefault();
      moves[event.key]();
    }
  }

  moveTo(position) {
    this.active = Math.max(0, Math.min(this.rows.length - 1, position));
    this.scrollToActive();
    this.render();
  }

  scrollToActive() {
    const top = this.active * ROW_HEIGHT;
    if (top < this.viewport.scrollTop) {
      this.viewport.scrollTop = top;
    } else if (top + ROW_HEIGHT > this.viewport.scrollTop + this.viewport.clientHeight) {
      this.viewport.scrollTop = top + ROW_HEIGHT - this.viewport.clientHeight;
    }
  }

  toggle(span) {
    if (this.collapsed.has(span.id)) {
      this.collapsed.delete(span.id);
    } else {
      this.collapsed.add(span.id);
    }
    this.refresh(span);
  }

  setAllCollapsed(collapse) {
    this.collapsed.clear();
    if (collapse) {
      for (const span of this.trace.order) {
        if (span.last > span.index && span.depth > 0) {
          this.collapsed.add(span.id);
        }
      }
    }
    this.refresh(this.rows[this.active]);
  }

  /** Recomputes the visible rows, keeping the given span active where it is still visible. */
  refresh(keep) {
    this.rows = visibleSpans(this.trace, this.collapsed);
    const position = keep ? this.rows.indexOf(keep) : -1;
    this.active = position >= 0 ? position : Math.min(this.active, this.rows.length - 1);
    this.render();
  }

  /** Shows a span, expanding its ancestors, and selects it. */
  reveal(span, { select = true } = {}) {
    let changed = false;
    const seen = new Set([span]);
    for (let parent = span.parent; parent && !seen.has(parent); parent = parent.parent) {
      seen.add(parent);
      changed = this.collapsed.delete(parent.id) || changed;
    }
    if (changed) {
      this.rows = visibleSpans(this.trace, this.collapsed);
    }
    this.active = this.rows.indexOf(span);
    this.scrollToActive();
    if (select) {
      this.select(span);
    } else {
      this.render();
    }
  }

  select(span) {
    this.selectedId = span.id;
    this.render();
    this.onSelect(span);
  }

  setMatches(ids) {
    this.matches = ids;
    this.render();
  }
}

function rowId(span) {
  return `span-${span.id}`;
}
