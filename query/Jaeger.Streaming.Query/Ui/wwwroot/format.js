// Formatting of times and durations. Durations are nanoseconds (numbers), times are Date objects.

export function formatDuration(ns) {
  if (!Number.isFinite(ns) || ns < 0) {
    return '–';
  }
  if (ns < 1_000) {
    return `${Math.round(ns)} ns`;
  }
  if (ns < 1_000_000) {
    return `${trim(ns / 1_000)} µs`;
  }
  if (ns < 1_000_000_000) {
    return `${trim(ns / 1_000_000)} ms`;
  }
  if (ns < 60_000_000_000) {
    return `${trim(ns / 1_000_000_000)} s`;
  }
  const minutes = Math.floor(ns / 60_000_000_000);
  return `${minutes} min ${trim((ns - minutes * 60_000_000_000) / 1_000_000_000)} s`;
}

function trim(value) {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

const pad = (value, width = 2) => String(value).padStart(width, '0');

/** Local time, to the millisecond: 2026-11-23 16:20:01.123. */
export function formatTime(date) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} `
    + `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** The value of a datetime-local input for a date, in local time. */
export function toLocalInput(date) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A proto3 JSON duration such as "0.001500s", in nanoseconds. */
export function parseProtoDuration(text) {
  const match = /^(\d+)(?:\.(\d{1,9}))?s$/.exec(text ?? '');
  if (!match) {
    return NaN;
  }
  return Number(match[1]) * 1e9 + Number((match[2] ?? '').padEnd(9, '0'));
}

/** Nanoseconds since the epoch, as a string or number, to a Date (millisecond precision). */
export function nanosToDate(nanos) {
  return new Date(Number(BigInt(nanos) / 1_000_000n));
}

const PALETTE = ['#1f77b4', '#d9730d', '#2a9d8f', '#8e44ad', '#c0392b', '#4c6ef5', '#6a8d1f', '#b8860b',
  '#e056a0', '#17a2b8', '#7f5539', '#5c7080'];

/** A stable colour per service, the same in every view. */
export function serviceColor(service) {
  let hash = 0;
  for (const char of service) {
    hash = (hash * 31 + char.codePointAt(0)) | 0;
  }
  return PALETTE[Math.abs(hash) % PALETTE.length];
}

/** Creates an element with attributes and children; strings become text nodes, never HTML. */
export function h(tag, attributes = {}, ...children) {
  const element = tag.startsWith('svg:')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'style') {
      // Styles go through the CSSOM: the page's content security policy forbids inline style attributes.
      Object.assign(element.style, value);
    } else if (name === 'className') {
      element.setAttribute('class', value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null && child !== false) {
      element.append(child instanceof Node ? child : String(child));
    }
  }
  return element;
}
