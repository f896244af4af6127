using System.Net.Http.Headers;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Jaeger.Streaming.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Collector.Tests;

/// <summary>A collector on real Kestrel listeners (loopback, free ports), publishing to the given Kafka.</summary>
internal sealed class CollectorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;

    private CollectorHost(WebApplication app, int grpcPort, int httpPort, int adminPort)
    {
        _app = app;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        Admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{adminPort}") };
        GrpcAddress = $"http://127.0.0.1:{grpcPort}";
        _channel = GrpcChannel.ForAddress(GrpcAddress);
        Grpc = new TraceService.TraceServiceClient(_channel);
    }

    public string GrpcAddress { get; }

    public HttpClient Http { get; }

    public HttpClient Admin { get; }

    public TraceService.TraceServiceClient Grpc { get; }

    /// <summary>Calls on the OTLP gRPC port with messages of the test's own making, malformed ones included.</summary>
    public CallInvoker GrpcInvoker => _channel.CreateCallInvoker();

    public static async Task<CollectorHost> StartAsync(string bootstrapServers, IDictionary<string, string?>? settings = null)
    {
        var app = Build(bootstrapServers, out var ports, settings);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new CollectorHost(app, ports.Grpc, ports.Http, ports.Admin);
    }

    /// <summary>Builds the collector the way a host does, without starting it.</summary>
    /// <param name="services">Registrations that replace the collector's own, such as a manual clock.</param>
    public static WebApplication Build(string bootstrapServers, out (int Grpc, int Http, int Admin) ports, IDictionary<string, string?>? settings = null, ILoggerProvider? logs = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        ports = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        var configuration = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = bootstrapServers,
            ["Kafka:Security:AllowPlaintext"] = "true",
            ["Collector:ListenAddress"] = "127.0.0.1",
            ["Collector:GrpcPort"] = ports.Grpc.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Collector:HttpPort"] = ports.Http.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Collector:AdminPort"] = ports.Admin.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Collector:Sampling:Port"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Collector:Sampling:GrpcPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        if (Environment.GetEnvironmentVariable("COLLECTOR_TEST_LOGS") is not null)
        {
            builder.Logging.AddConsole();
        }

        builder.AddCollector();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapCollector();
        return app;
    }

    public Task<HttpResponseMessage> PostProtobufAsync(ExportTraceServiceRequest request) =>
        PostAsync(request.ToByteArray(), "application/x-protobuf");

    /// <summary>Posts protobuf with request headers set by <paramref name="headers"/> (credentials, for example).</summary>
    public async Task<HttpResponseMessage> PostProtobufAsync(ExportTraceServiceRequest request, Action<HttpRequestHeaders> headers)
    {
        using var content = new ByteArrayContent(request.ToByteArray());
        content.Headers.ContentType = new("application/x-protobuf");
        using var message = new HttpRequestMessage(HttpMethod.Post, "/v1/traces") { Content = content };
        headers(message.Headers);
        return await Http.SendAsync(message, TestContext.Current.CancellationToken);
    }

    public Task<HttpResponseMessage> PostAsync(byte[] body, string contentType, string? contentEncoding = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (contentEncoding is not null)
        {
            content.Headers.ContentEncoding.Add(contentEncoding);
        }

        return Http.PostAsync("/v1/traces", content, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Admin.Dispose();
        _channel.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
