using Confluent.Kafka;
using Jaeger.Streaming.Collector;
using Jaeger.Streaming.EmbeddedKafka;
using Jaeger.Streaming.Ingester;
using Jaeger.Streaming.Query;
using Jaeger.Streaming.Schemas.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.AllInOne;

/// <summary>
/// Collector, ingester and query in one process, joined by an embedded Kafka (librdkafka's mock cluster)
/// and the embedded store in the data directory. Each service is built exactly as its own host builds it.
/// </summary>
public sealed class AllInOneHost : IAsyncDisposable
{
    public const int KafkaBrokers = 3;
    public const int SpanTopicPartitions = 6;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    // How long start-up waits for the ingester's group join before it reports ready anyway.
    private static readonly TimeSpan IngesterJoinWait = TimeSpan.FromSeconds(30);

    /// <summary>The ingester's fetch wait on the embedded cluster (measured in docs/performance.md).</summary>
    public const string MockFetchWaitMax = "00:00:00.100";

    private static readonly Dictionary<string, string?> QuietLogging = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
    };

    private readonly WebApplication _collector;
    private readonly WebApplication _ingester;
    private readonly WebApplication _query;
    private bool _stopped;

    private AllInOneHost(EmbeddedKafkaCluster kafka, string dataDir, WebApplication collector, WebApplication ingester, WebApplication query)
    {
        Kafka = kafka;
        DataDir = dataDir;
        _collector = collector;
        _ingester = ingester;
        _query = query;
    }

    /// <summary>The embedded cluster, exposed so tests can inject faults.</summary>
    public EmbeddedKafkaCluster Kafka { get; }

    public string DataDir { get; }

    /// <summary>What the ingester is waiting for (its group's assignment, or storage), as its <c>/health/ready</c> says; null when ready.</summary>
    public string? IngesterNotReadyReason => _ingester.NotReadyReason();

    /// <summary>The ingester's settings as it runs them, defaults and command line applied.</summary>
    public IngesterOptions IngesterSettings => _ingester.Services.GetRequiredService<IOptions<IngesterOptions>>().Value;

    /// <summary>What a user connects to, one line each.</summary>
    public IReadOnlyList<(string Name, string Url)> Endpoints
    {
        get
        {
            var collector = _collector.Services.GetRequiredService<IOptions<CollectorOptions>>().Value;
            var ingester = IngesterSettings;
            var query = _query.Services.GetRequiredService<IOptions<QueryOptions>>().Value;
            List<(string Name, string Url)> endpoints =
            [
                ("OTLP/gRPC", Url(collector.ListenAddress, collector.GrpcPort)),
                ("OTLP/HTTP", Url(collector.ListenAddress, collector.HttpPort) + "/v1/traces"),
                ("Web UI", Url(query.ListenAddress, query.Port) + query.BasePath + "/"),
                ("Query API", Url(query.ListenAddress, query.Port) + query.BasePath + "/api/v3/services"),
            ];
            if (_collector.SamplingPorts() is { } sampling)
            {
                endpoints.Add(("Sampling (HTTP)", Url(collector.ListenAddress, sampling.Http) + "/api/sampling?service=NAME"));
                endpoints.Add(("Sampling (gRPC)", Url(collector.ListenAddress, sampling.Grpc)));
            }

            endpoints.Add(("Collector admin", Url(collector.ListenAddress, collector.AdminPort) + "/health/ready"));
            endpoints.Add(("Ingester admin", Url(ingester.ListenAddress, ingester.AdminPort) + "/health/ready"));
            endpoints.Add(("Query admin", Url(query.ListenAddress, query.AdminPort) + "/health/ready"));
            return endpoints;
        }
    }

    private static string Url(string listenAddress, int port) =>
        $"http://{(listenAddress is "" or "any" or "0.0.0.0" or "::" ? "localhost" : listenAddress)}:{port}";

    /// <summary>
    /// Starts the pipeline. <paramref name="args"/> is the usual .NET configuration command line
    /// (for example <c>--Collector:GrpcPort=14317</c>); <paramref name="dataDir"/> holds the embedded store.
    /// </summary>
    public static async Task<AllInOneHost> StartAsync(string[] args, string dataDir, CancellationToken cancellationToken)
    {
        var kafka = new EmbeddedKafkaCluster(KafkaBrokers);
        try
        {
            kafka.CreateTopic(SpanRecordContract.DefaultTopic, SpanTopicPartitions);
            kafka.CreateTopic(SpanRecordContract.DefaultDeadLetterTopic, 1);

            // Adaptive sampling's default topics (docs/sampling.md), so --Collector:Sampling:Mode=Adaptive works here too.
            kafka.CreateTopic("jaeger-sampling-throughput", 1);
            kafka.CreateTopic("jaeger-sampling-probabilities", 1);

            var shared = new Dictionary<string, string?>
            {
                ["Kafka:BootstrapServers"] = kafka.BootstrapServers,

                // The embedded cluster listens on loopback only and has no TLS or SASL to offer.
                ["Kafka:Security:AllowPlaintext"] = "true",
                ["Storage:Embedded:DataDir"] = Path.GetFullPath(dataDir),
            };

            // The ingester starts first: it creates the store the query service opens read-only.
            var ingester = Build(args, shared, b => WithMockKafkaDefaults(b).AddIngester(), a => a.MapIngester());
            await ingester.StartAsync(cancellationToken);
            var query = Build(args, shared, b => WithLocalQueryDefaults(b, dataDir).AddQuery(), a => a.MapQuery());
            await query.StartAsync(cancellationToken);
            var collector = Build(args, shared, b => b.AddCollector(), a => a.MapCollector());
            await collector.StartAsync(cancellationToken);
            await WaitForIngesterAsync(ingester, cancellationToken);
            return new AllInOneHost(kafka, Path.GetFullPath(dataDir), collector, ingester, query);
        }
        catch
        {
            kafka.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Returns once the ingester has its partitions, so "ready" means a span sent now is stored at once rather than
    /// after the group join (about 2.5 s on the embedded cluster). Spans sent before then wait in Kafka, so after
    /// <see cref="IngesterJoinWait"/> it returns anyway and says why.
    /// </summary>
    private static async Task WaitForIngesterAsync(WebApplication ingester, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + IngesterJoinWait;
        while (ingester.NotReadyReason() is { } reason)
        {
            if (DateTime.UtcNow >= deadline)
            {
                Console.WriteLine($"all-in-one: the ingester is not ready yet ({reason}); spans wait in Kafka until it is");
                return;
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>
    /// The embedded mock cluster answers a fetch only after the consumer's whole fetch wait, even when records arrive
    /// sooner, so at librdkafka's 500 ms default every span would wait up to half a second more before it is stored.
    /// Lowest precedence, so <c>--Ingester:FetchWaitMax</c> still applies.
    /// </summary>
    private static WebApplicationBuilder WithMockKafkaDefaults(WebApplicationBuilder builder)
    {
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["Ingester:FetchWaitMax"] = MockFetchWaitMax },
        });
        return builder;
    }

    /// <summary>
    /// The all-in-one is a local, single-user tool: its query API is open (with a warning at start) and audits into the
    /// data dir. Lowest precedence, so <c>--Query:Authentication:Mode=jwt</c> and the like still apply.
    /// </summary>
    private static WebApplicationBuilder WithLocalQueryDefaults(WebApplicationBuilder builder, string dataDir)
    {
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Query:Authentication:Mode"] = "none",
                ["Query:Audit:Path"] = Path.Combine(Path.GetFullPath(dataDir), "query-audit.jsonl"),
            },
        });
        return builder;
    }

    private static WebApplication Build(
        string[] args,
        Dictionary<string, string?> shared,
        Action<WebApplicationBuilder> add,
        Action<WebApplication> map)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });

        // Defaults first, so that appsettings, environment and command line still override them: three services
        // in one console should not log every request.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = QuietLogging });
        builder.Configuration.AddInMemoryCollection(shared);

        // The all-in-one owns signal handling, so that it can stop the services in order.
        builder.Services.AddSingleton<IHostLifetime, ManagedLifetime>();
        add(builder);
        var app = builder.Build();
        map(app);
        return app;
    }

    /// <summary>
    /// Stops in pipeline order: the collector first (answering what it accepted), then the ingester once it has
    /// written everything Kafka acknowledged, because the embedded Kafka keeps nothing across restarts.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _collector.StopAsync(cancellationToken);
        await WaitForIngesterToCatchUpAsync(cancellationToken);
        await _ingester.StopAsync(cancellationToken);
        await _query.StopAsync(cancellationToken);
    }

    private async Task WaitForIngesterToCatchUpAsync(CancellationToken cancellationToken)
    {
        var group = _ingester.Configuration["Ingester:ConsumerGroup"] ?? SpanRecordContract.DefaultConsumerGroup;
        var topic = _ingester.Configuration["Kafka:Topic"] ?? SpanRecordContract.DefaultTopic;
        using var probe = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = Kafka.BootstrapServers,
            GroupId = group,
            EnableAutoCommit = false,
        }).SetLogHandler((_, _) => { }).Build();

        var partitions = Enumerable.Range(0, SpanTopicPartitions).Select(p => new TopicPartition(topic, p)).ToList();
        var deadline = DateTime.UtcNow + DrainTimeout;
        while (DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
        {
            var committed = probe.Committed(partitions, TimeSpan.FromSeconds(5));
            var behind = committed.Any(c => IsBehind(probe, c));
            if (!behind)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        Console.Error.WriteLine($"all-in-one: the ingester had not caught up after {DrainTimeout.TotalSeconds:0}s; stopping anyway.");
    }

    private static bool IsBehind(IConsumer<Ignore, Ignore> probe, TopicPartitionOffset committed)
    {
        var watermarks = probe.QueryWatermarkOffsets(committed.TopicPartition, TimeSpan.FromSeconds(5));

        // A partition the group never committed on is caught up only if it holds nothing.
        var position = committed.Offset == Offset.Unset ? watermarks.Low : committed.Offset;
        return position.Value < watermarks.High.Value;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(CancellationToken.None);
        }
        finally
        {
            await _collector.DisposeAsync();
            await _ingester.DisposeAsync();
            await _query.DisposeAsync();
            Kafka.Dispose();
        }
    }

    /// <summary>Replaces the per-service console lifetime: signals are handled once, by the all-in-one.</summary>
    private sealed class ManagedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
