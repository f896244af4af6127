using System.Text.Json.Nodes;
using Jaeger.Streaming.Schemas.Storage;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Query.Tests.Http;

/// <summary>
/// The query service with authentication explicitly off (<c>Query:Authentication:Mode=none</c>, the all-in-one's
/// setting), over <see cref="SeededTraces"/> in the default tenant.
/// </summary>
public sealed class QueryServer : IAsyncLifetime
{
    private QueryHost? _host;

    public SeededTraces Traces { get; } = new();

    public HttpClient Api => _host!.Api;

    public HttpClient Admin => _host!.Admin;

    public async ValueTask InitializeAsync() =>
        _host = await QueryHost.StartAsync(
            new Dictionary<string, string?> { ["Query:Authentication:Mode"] = "none" },
            new Dictionary<string, IReadOnlyList<ResourceSpans>> { [TenantName.Default] = Traces.All });

    /// <summary>GETs <paramref name="path"/> and returns the status with the parsed JSON body.</summary>
    public async Task<(System.Net.HttpStatusCode Status, JsonNode Body)> GetJsonAsync(string path)
    {
        var (status, body, response) = await _host!.GetAsync(path);
        response.Dispose();
        return (status, JsonNode.Parse(body) ?? throw new InvalidOperationException($"{path} answered no JSON"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
