using System.Net;
using Jaeger.Streaming.Collector;
using Jaeger.Streaming.Collector.Boundary.InFlight;
using Jaeger.Streaming.Collector.Hosting;
using Jaeger.Streaming.Collector.Receivers;
using Jaeger.Streaming.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>
/// What OTLP/HTTP costs before the collector does anything: a Kestrel endpoint set up as the collector's HTTP listener
/// (<see cref="OtlpKestrel"/>) that reads each whole body as the collector does (<see cref="RequestBody"/>) and answers
/// 200 with an empty body, which a client reads as an export with nothing rejected.
/// </summary>
internal sealed class TransportFloor : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TransportFloor(WebApplication app, int port)
    {
        _app = app;
        HttpTraces = new Uri($"http://127.0.0.1:{port}/v1/traces");
    }

    public Uri HttpTraces { get; }

    public static async Task<TransportFloor> StartAsync(CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            OtlpKestrel.LimitSlowClients(kestrel.Limits);
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = OtlpKestrel.HttpListenerProtocols(tls: false));
        });
        var app = builder.Build();
        var limit = new CollectorOptions().MaxRequestBodyBytes;
        var bodies = new InFlightBodies(Options.Create(new CollectorOptions()));
        app.MapPost("/v1/traces", async (HttpContext context) =>
        {
            using var reservation = bodies.Reserve();
            using var body = await RequestBody.ReadAsync(context, limit, reservation);
            context.Response.StatusCode = body.StatusCode;
        });
        await app.StartAsync(cancellationToken);
        return new TransportFloor(app, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
