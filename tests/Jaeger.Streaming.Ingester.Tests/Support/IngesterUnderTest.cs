using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jaeger.Streaming.Ingester.Tests.Support;

/// <summary>An ingester host, wired as the real one (<c>AddIngester</c>/<c>MapIngester</c>), on test settings.</summary>
internal sealed class IngesterUnderTest : IAsyncDisposable
{
    private readonly WebApplication _app;

    private IngesterUnderTest(WebApplication app, int adminPort)
    {
        _app = app;
        AdminPort = adminPort;
    }

    public int AdminPort { get; }

    /// <summary>Starts an ingester; <paramref name="writer"/> may wrap the real store's writer to observe or disturb writes.</summary>
    public static async Task<IngesterUnderTest> StartAsync(
        KafkaWithStore kafka,
        Func<ITraceWriter, ITraceWriter>? writer = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var app = Build(Settings(kafka, settings), writer);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new IngesterUnderTest(app, app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IngesterOptions>>().Value.AdminPort);
    }

    public static WebApplication Build(IReadOnlyDictionary<string, string?> settings, Func<ITraceWriter, ITraceWriter>? writer = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders().AddProvider(new TestOutputLoggerProvider(TestContext.Current.TestOutputHelper));
        builder.AddIngester();
        if (writer is not null)
        {
            DecorateWriter(builder.Services, writer);
        }

        var app = builder.Build();
        app.MapIngester();
        return app;
    }

    /// <summary>Stops as on SIGTERM: the batch in hand is finished, its offsets committed, and the group left.</summary>
    public Task StopAsync() => _app.StopAsync(TestContext.Current.CancellationToken);

    /// <summary>Disposes without stopping first: the consumer abandons whatever it has not written.</summary>
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    internal static Dictionary<string, string?> Settings(KafkaWithStore kafka, IReadOnlyDictionary<string, string?>? overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Kafka:Security:AllowPlaintext"] = "true",
            ["Storage:Embedded:DataDir"] = kafka.DataDir,
            ["Ingester:AdminPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Ingester:ListenAddress"] = "127.0.0.1",
            ["Ingester:Batch:MaxRecords"] = "10",

            // The mock cluster's rebalance after a member leaves lasts about the session timeout.
            ["Ingester:SessionTimeout"] = "00:00:06",
            ["Ingester:Retry:InitialBackoff"] = "00:00:00.050",
            ["Ingester:Retry:MaxBackoff"] = "00:00:00.200",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    private static void DecorateWriter(IServiceCollection services, Func<ITraceWriter, ITraceWriter> decorate)
    {
        var real = services.Last(d => d.ServiceType == typeof(ITraceWriter));
        services.Remove(real);
        services.AddSingleton(sp => decorate(real switch
        {
            { ImplementationInstance: ITraceWriter instance } => instance,
            { ImplementationFactory: { } factory } => (ITraceWriter)factory(sp),
            _ => (ITraceWriter)ActivatorUtilities.CreateInstance(sp, real.ImplementationType!),
        }));
    }
}
