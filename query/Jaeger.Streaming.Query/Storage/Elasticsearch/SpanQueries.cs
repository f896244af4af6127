using System.Text;
using System.Text.Json.Nodes;
using Jaeger.Streaming.Schemas;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Elasticsearch;

namespace Jaeger.Streaming.Query.Storage.Elasticsearch;

/// <summary>
/// The query DSL of every §4 read, over Jaeger's span and service documents. Every value is compared with
/// <c>term</c>: nothing a user types is a regex or a wildcard. The read scope (tenant and permitted services) is a
/// filter of each query, so depths and counts are those of permitted spans.
/// </summary>
internal static class SpanQueries
{
    public const string NewestAggregation = "newest";
    public const string TracesAggregation = "traces";
    public const string WithheldAggregation = "withheld";

    // Where Jaeger keeps key/value pairs as nested {key, value} lists, and the object fields of tags-as-fields.
    private static readonly string[] NestedTagLists = ["tags", "process.tags", "linkTags"];

    /// <summary>The ids of the newest matching traces: a <c>terms</c> aggregation on <c>traceID</c> ordered by the latest matching start.</summary>
    public static JsonObject FindTraceIds(ReadScope scope, TraceQuery query, int depth)
    {
        var filters = Scope(scope, "process.serviceName");
        filters.Add(Range("startTime", CeilMicros(query.StartTimeMin), FloorMicros(query.StartTimeMax)));
        if (query.ServiceName is { } service)
        {
            filters.Add(Term("process.serviceName", service));
        }

        if (query.OperationName is { } operation)
        {
            filters.Add(Term("operationName", operation));
        }

        if (query.DurationMin is not null || query.DurationMax is not null)
        {
            filters.Add(Range(
                "duration",
                query.DurationMin is { } min ? (min.Ticks + 9) / 10 : null,
                query.DurationMax is { } max ? max.Ticks / 10 : null));
        }

        foreach (var (key, value) in query.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            filters.Add(Attribute(key, value));
        }

        return new JsonObject
        {
            ["size"] = 0,
            ["query"] = Filter(filters),
            ["aggs"] = new JsonObject
            {
                [TracesAggregation] = new JsonObject
                {
                    ["terms"] = new JsonObject
                    {
                        ["field"] = "traceID",
                        ["size"] = depth,
                        ["order"] = new JsonArray(new JsonObject { [NewestAggregation] = "desc" }, new JsonObject { ["_key"] = "asc" }),
                    },
                    ["aggs"] = new JsonObject { [NewestAggregation] = new JsonObject { ["max"] = new JsonObject { ["field"] = "startTime" } } },
                },
            },
        };
    }

    /// <summary>
    /// One page of the permitted spans of <paramref name="traceIds"/> (post-filtered, so the aggregation still counts the
    /// tenant's spans the scope withholds, per trace, without returning them).
    /// </summary>
    public static JsonObject TraceSpans(ReadScope scope, IReadOnlyList<TraceId> traceIds, int pageSize, JsonArray? searchAfter)
    {
        var ids = new JsonArray();
        foreach (var id in traceIds)
        {
            foreach (var form in StoredForms(id))
            {
                ids.Add(form);
            }
        }

        var filters = new JsonArray(Tenant(scope.Tenant), new JsonObject { ["terms"] = new JsonObject { ["traceID"] = ids } });
        var body = new JsonObject
        {
            ["size"] = pageSize,
            ["query"] = Filter(filters),
            ["sort"] = new JsonArray(Sort("startTime"), Sort("traceID"), Sort("spanID")),
        };
        if (Services(scope, "process.serviceName") is { } permitted)
        {
            body["post_filter"] = permitted;
            if (searchAfter is null)
            {
                body["aggs"] = new JsonObject
                {
                    [WithheldAggregation] = new JsonObject
                    {
                        ["filter"] = new JsonObject { ["bool"] = new JsonObject { ["must_not"] = new JsonArray(permitted.DeepClone()) } },
                        ["aggs"] = new JsonObject
                        {
                            [TracesAggregation] = new JsonObject { ["terms"] = new JsonObject { ["field"] = "traceID", ["size"] = Math.Max(ids.Count, 1) } },
                        },
                    },
                };
            }
        }

        if (searchAfter is not null)
        {
            body["search_after"] = searchAfter;
        }

        return body;
    }

    /// <summary>The service names in the service indices the scope permits.</summary>
    public static JsonObject ServiceNames(ReadScope scope) => new()
    {
        ["size"] = 0,
        ["query"] = Filter(Scope(scope, "serviceName")),
        ["aggs"] = new JsonObject { ["services"] = new JsonObject { ["terms"] = new JsonObject { ["field"] = "serviceName", ["size"] = 10_000 } } },
    };

    /// <summary>The operations of one service with their kinds (missing for documents Jaeger wrote).</summary>
    public static JsonObject Operations(ReadScope scope, string service, string? spanKind)
    {
        var filters = new JsonArray(Tenant(scope.Tenant), Term("serviceName", service));
        if (spanKind is not null)
        {
            filters.Add(Term("spanKind", spanKind));
        }

        return new JsonObject
        {
            ["size"] = 0,
            ["query"] = Filter(filters),
            ["aggs"] = new JsonObject
            {
                ["operations"] = new JsonObject
                {
                    ["terms"] = new JsonObject { ["field"] = "operationName", ["size"] = 10_000 },
                    ["aggs"] = new JsonObject { ["kinds"] = new JsonObject { ["terms"] = new JsonObject { ["field"] = "spanKind", ["size"] = 10, ["missing"] = "" } } },
                },
            },
        };
    }

    /// <summary>A page of the permitted spans with a parent that start inside the window: the child side of the service map.</summary>
    public static JsonObject ChildSpans(ReadScope scope, TimeWindow window, int pageSize, JsonArray? searchAfter)
    {
        var filters = Scope(scope, "process.serviceName");
        filters.Add(Range("startTime", CeilMicros(window.Start), FloorMicros(window.End)));
        filters.Add(new JsonObject { ["exists"] = new JsonObject { ["field"] = "parentSpanID" } });
        var body = new JsonObject
        {
            ["size"] = pageSize,
            ["query"] = Filter(filters),
            ["_source"] = new JsonArray("traceID", "spanID", "parentSpanID", "process.serviceName", "tags.key", "tags.value"),
            ["sort"] = new JsonArray(Sort("startTime"), Sort("traceID"), Sort("spanID")),
        };
        if (searchAfter is not null)
        {
            body["search_after"] = searchAfter;
        }

        return body;
    }

    /// <summary>The permitted spans with the given span ids in the given traces: the parent side of the service map.</summary>
    public static JsonObject SpansById(ReadScope scope, IReadOnlyCollection<string> traceIds, IReadOnlyCollection<string> spanIds)
    {
        var filters = Scope(scope, "process.serviceName");
        filters.Add(new JsonObject { ["terms"] = new JsonObject { ["traceID"] = new JsonArray([.. traceIds.Select(t => JsonValue.Create(t))]) } });
        filters.Add(new JsonObject { ["terms"] = new JsonObject { ["spanID"] = new JsonArray([.. spanIds.Select(s => JsonValue.Create(s))]) } });
        return new JsonObject
        {
            ["size"] = 10_000,
            ["query"] = Filter(filters),
            ["_source"] = new JsonArray("traceID", "spanID", "process.serviceName"),
        };
    }

    /// <summary>
    /// One attribute condition: the pair in any nested key/value list of the span (span tags with scope attributes,
    /// resource tags, event fields, link attributes) or in Jaeger's tags-as-fields objects.
    /// </summary>
    public static JsonObject Attribute(string key, string value)
    {
        var anywhere = new JsonArray();
        foreach (var list in NestedTagLists)
        {
            anywhere.Add(NestedPair(list, key, value));
        }

        anywhere.Add(new JsonObject { ["nested"] = new JsonObject { ["path"] = "logs", ["query"] = NestedPair("logs.fields", key, value) } });

        // Jaeger's tags-as-fields replaces dots in keys with '@' (its default --es.tags-as-fields.dot-replacement).
        var field = key.Replace('.', '@');
        anywhere.Add(Term($"tag.{field}", value));
        anywhere.Add(Term($"process.tag.{field}", value));
        return new JsonObject { ["bool"] = new JsonObject { ["should"] = anywhere, ["minimum_should_match"] = 1 } };
    }

    /// <summary>The tenant and, when limited, the permitted services, as filters on <paramref name="serviceField"/>.</summary>
    public static JsonArray Scope(ReadScope scope, string serviceField)
    {
        var filters = new JsonArray(Tenant(scope.Tenant));
        if (Services(scope, serviceField) is { } services)
        {
            filters.Add(services);
        }

        return filters;
    }

    /// <summary>The tenant's documents; the default tenant's include those Jaeger wrote, which carry no tenant.</summary>
    public static JsonObject Tenant(string tenant)
    {
        var term = Term(JaegerSpanDocument.TenantField, tenant);
        if (tenant != TenantName.Default)
        {
            return term;
        }

        var untagged = new JsonObject { ["bool"] = new JsonObject { ["must_not"] = new JsonArray(new JsonObject { ["exists"] = new JsonObject { ["field"] = JaegerSpanDocument.TenantField } }) } };
        return new JsonObject { ["bool"] = new JsonObject { ["should"] = new JsonArray(term, untagged), ["minimum_should_match"] = 1 } };
    }

    /// <summary>
    /// The permitted services: exact names as <c>term</c>, globs as <c>wildcard</c> with every character but
    /// <c>*</c> escaped, since <see cref="ServicePattern"/> has no other special character. Null when all are permitted.
    /// </summary>
    public static JsonObject? Services(ReadScope scope, string field)
    {
        if (scope.Services is not { } patterns)
        {
            return null;
        }

        if (patterns.Count == 0)
        {
            return new JsonObject { ["match_none"] = new JsonObject() };
        }

        var any = new JsonArray();
        foreach (var pattern in patterns)
        {
            any.Add(pattern.IsExact
                ? Term(field, pattern.Text)
                : new JsonObject { ["wildcard"] = new JsonObject { [field] = new JsonObject { ["value"] = EscapeWildcard(pattern) } } });
        }

        return new JsonObject { ["bool"] = new JsonObject { ["should"] = any, ["minimum_should_match"] = 1 } };
    }

    /// <summary>The trace id as documents hold it: 32 hex characters, and Jaeger's 16 for a 64-bit id.</summary>
    public static IEnumerable<string> StoredForms(TraceId id)
    {
        var hex = id.ToString();
        yield return hex;
        if (id.High == 0)
        {
            yield return hex[16..];
        }
    }

    public static long CeilMicros(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks + 9) / 10;

    public static long FloorMicros(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    private static string EscapeWildcard(ServicePattern pattern)
    {
        var text = new StringBuilder();
        for (var i = 0; i < pattern.Segments.Count; i++)
        {
            if (i > 0)
            {
                text.Append('*');
            }

            foreach (var c in pattern.Segments[i])
            {
                if (c is '\\' or '?' or '*')
                {
                    text.Append('\\');
                }

                text.Append(c);
            }
        }

        return text.ToString();
    }

    private static JsonObject NestedPair(string path, string key, string value) => new()
    {
        ["nested"] = new JsonObject
        {
            ["path"] = path,
            ["query"] = new JsonObject
            {
                ["bool"] = new JsonObject { ["filter"] = new JsonArray(Term($"{path}.key", key), Term($"{path}.value", value)) },
            },
        },
    };

    private static JsonObject Filter(JsonArray filters) => new() { ["bool"] = new JsonObject { ["filter"] = filters } };

    private static JsonObject Term(string field, string value) => new() { ["term"] = new JsonObject { [field] = new JsonObject { ["value"] = value } } };

    private static JsonObject Range(string field, long? gte, long? lte)
    {
        var bounds = new JsonObject();
        if (gte is { } low)
        {
            bounds["gte"] = low;
        }

        if (lte is { } high)
        {
            bounds["lte"] = high;
        }

        return new JsonObject { ["range"] = new JsonObject { [field] = bounds } };
    }

    private static JsonObject Sort(string field) => new() { [field] = new JsonObject { ["order"] = "asc" } };
}
