// A trace opened from a file rather than from the query API: what this UI's Download JSON saves (the API's
// OTLP/JSON answer), any OTLP/JSON with resourceSpans, or Jaeger's JSON (what Jaeger's UI and /api/traces give),
// so a trace attached to a ticket can be read here without storing it. It stays in this page's memory only.
import { buildTrace } from './trace-model.js';

let opened;

/** The trace file opened last in this page, or undefined. */
export function openedTraceFile() {
  return opened;
}

// Far above any trace the view can lay out; a larger file would stall or crash the tab while it is read and parsed.
const MAX_FILE_MIB = 256;

/** Throws an Error saying so when a file of `bytes` named `name` is too large to open; call it before reading the file. */
export function checkTraceFileSize(name, bytes) {
  if (bytes > MAX_FILE_MIB * 1024 * 1024) {
    throw new Error(`${name} is ${Math.ceil(bytes / (1024 * 1024))} MiB; the trace view opens files of up to ${MAX_FILE_MIB} MiB.`);
  }
}

/** Reads `text` as a trace file named `name`; throws an Error saying why when it is not one. */
export function openTraceFile(name, text) {
  let json;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${name} is not JSON: ${error.message}`);
  }
  const { tracesData, traces } = tracesDataOf(json);
  let trace;
  try {
    trace = buildTrace(tracesData);
  } catch (error) {
    throw new Error(`${name} is not a trace the view can show: ${error.message}`);
  }
  if (!trace) {
    throw new Error(`${name} holds no spans.`);
  }
  opened = { name, body: { result: tracesData }, traces };
  return opened;
}

function tracesDataOf(json) {
  if (Array.isArray(json?.result?.resourceSpans)) {
    return { tracesData: json.result, traces: 1 };
  }
  if (Array.isArray(json?.resourceSpans)) {
    return { tracesData: json, traces: 1 };
  }
  if (Array.isArray(json?.data) && json.data.length > 0 && Array.isArray(json.data[0]?.spans)) {
    return { tracesData: fromJaeger(json.data[0]), traces: json.data.length };
  }
  if (Array.isArray(json?.spans)) {
    return { tracesData: fromJaeger(json), traces: 1 };
  }
  throw new Error('The file is neither OTLP/JSON (resourceSpans, as Download JSON saves it) nor Jaeger JSON (data[].spans).');
}

const KINDS = { server: 'SPAN_KIND_SERVER', client: 'SPAN_KIND_CLIENT', producer: 'SPAN_KIND_PRODUCER', consumer: 'SPAN_KIND_CONSUMER', internal: 'SPAN_KIND_INTERNAL' };
// Tags Jaeger's model carries for OTLP fields; they become those fields again, as our Elasticsearch reader does.
const FIELD_TAGS = new Set(['span.kind', 'error', 'otel.status_code', 'otel.status_description', 'w3c.tracestate']);

/** One Jaeger JSON trace (traceID, spans, processes) as OTLP/JSON, one resource per process. */
function fromJaeger(trace) {
  const processes = trace.processes ?? {};
  const resources = new Map();
  for (const span of trace.spans) {
    const processId = span.processID ?? '';
    let resourceSpans = resources.get(processId);
    if (!resourceSpans) {
      const process = span.process ?? processes[processId] ?? {};
      resourceSpans = {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: String(process.serviceName ?? 'unknown_service') } }, ...(process.tags ?? []).map(attribute)] },
        scopeSpans: [{ scope: {}, spans: [] }],
      };
      resources.set(processId, resourceSpans);
    }
    const tags = new Map((span.tags ?? []).map((tag) => [tag.key, String(tag.value)]));
    const references = span.references ?? [];
    const parent = references.find((r) => r.refType === 'CHILD_OF' && (r.traceID ?? span.traceID) === span.traceID);
    const start = nanos(span.startTime, `span ${span.spanID}: startTime`);
    const error = tags.get('error') === 'true' || tags.get('otel.status_code') === 'ERROR';
    resourceSpans.scopeSpans[0].spans.push({
      traceId: span.traceID ?? trace.traceID,
      spanId: span.spanID,
      parentSpanId: parent?.spanID ?? '',
      name: span.operationName ?? '',
      kind: KINDS[tags.get('span.kind')] ?? 'SPAN_KIND_UNSPECIFIED',
      traceState: tags.get('w3c.tracestate') ?? '',
      startTimeUnixNano: String(start),
      endTimeUnixNano: String(start + nanos(span.duration, `span ${span.spanID}: duration`)),
      attributes: (span.tags ?? []).filter((tag) => !FIELD_TAGS.has(tag.key)).map(attribute),
      events: (span.logs ?? []).map((log) => ({
        timeUnixNano: String(nanos(log.timestamp, `span ${span.spanID}: a log's timestamp`)),
        name: String((log.fields ?? []).find((f) => f.key === 'event')?.value ?? ''),
        attributes: (log.fields ?? []).filter((f) => f.key !== 'event').map(attribute),
      })),
      links: references.filter((r) => r !== parent).map((r) => ({ traceId: r.traceID ?? span.traceID, spanId: r.spanID })),
      status: error
        ? { code: 'STATUS_CODE_ERROR', message: tags.get('otel.status_description') ?? '' }
        : { code: tags.get('otel.status_code') === 'OK' ? 'STATUS_CODE_OK' : 'STATUS_CODE_UNSET' },
    });
  }
  return { resourceSpans: [...resources.values()] };
}

/** Jaeger's microseconds as nanoseconds; absent is 0. */
function nanos(micros, what) {
  const number = Number(micros ?? 0);
  if (!Number.isFinite(number)) {
    throw new Error(`${what} is not a number of microseconds: ${JSON.stringify(micros)}`);
  }
  return BigInt(Math.trunc(number)) * 1000n;
}

/** A Jaeger tag or log field ({key, type, value}) as an OTLP/JSON attribute. */
function attribute(tag) {
  const value = tag.value;
  switch (String(tag.type ?? '').toLowerCase()) {
    case 'bool': return { key: tag.key, value: { boolValue: value === true || value === 'true' } };
    case 'int64': return { key: tag.key, value: { intValue: String(value) } };
    case 'float64': return { key: tag.key, value: { doubleValue: Number(value) } };
    case 'binary': return { key: tag.key, value: { bytesValue: String(value) } };
    default: return { key: tag.key, value: { stringValue: String(value ?? '') } };
  }
}
