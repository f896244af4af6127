using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Jaeger.Streaming.Testing;

namespace Jaeger.Streaming.Kafka.Tests;

/// <summary>
/// A real Kafka broker configured exactly as the secured compose stack (infra/kafka: SASL_SSL with SCRAM-SHA-512,
/// mTLS, ACLs with no default allow, created by init.sh), started once, on first use, where Docker exists.
/// </summary>
public sealed class SecuredKafka : IAsyncDisposable
{
    public const string Image = "apache/kafka:4.1.0";
    private const string Suite = "The secured real-Kafka suite (SASL_SSL SCRAM, mTLS, ACLs)";

    private readonly SemaphoreSlim _starting = new(1, 1);
    private readonly TestCertificates _certs = new();
    private IContainer? _container;

    public TestCertificates Certificates => _certs;

    /// <summary><c>host:port</c> of the SCRAM-SHA-512 over TLS listener.</summary>
    public string ScramBootstrap { get; private set; } = "";

    /// <summary><c>host:port</c> of the mTLS listener.</summary>
    public string MtlsBootstrap { get; private set; } = "";

    /// <summary>Starts the broker and runs init.sh, or skips the calling test with the reason when there is no Docker.</summary>
    public async Task<SecuredKafka> StartAsync()
    {
        DockerRequirement.SkipUnlessAvailable(Suite);
        await _starting.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (_container is null)
            {
                await StartContainerAsync();
            }

            return this;
        }
        finally
        {
            _starting.Release();
        }
    }

    private async Task StartContainerAsync()
    {
        // Fixed host ports: the broker must advertise the address clients reach it at, before it starts.
        var scramPort = FreePort.Next();
        var mtlsPort = FreePort.Next();
        var container = new ContainerBuilder(Image)
            .WithEntrypoint("bash", "/etc/kafka-jaeger/config/start-broker.sh")
            .WithEnvironment("CLUSTER_ID", "SmFlZ2VyU3RyZWFtaW5nMQ")
            .WithEnvironment("ADVERTISED_LISTENERS", $"BROKER://localhost:9091,SCRAM://localhost:{scramPort},MTLS://localhost:{mtlsPort}")
            .WithPortBinding(scramPort, 9094)
            .WithPortBinding(mtlsPort, 9095)
            // The broker runs from the repository's own infra/kafka files, so these tests also prove the compose setup.
            .WithResourceMapping(new DirectoryInfo(Path.Combine(Repository.Root(), "infra", "kafka")), "/etc/kafka-jaeger/config")
            .WithResourceMapping(new DirectoryInfo(_certs.Directory), "/etc/kafka-jaeger/certs")
            .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged("Kafka Server started"))
            .Build();
        _container = container;
        await container.StartAsync(TestContext.Current.CancellationToken);

        var init = await container.ExecAsync(["env", "BOOTSTRAP=localhost:9091", "bash", "/etc/kafka-jaeger/config/init.sh"], TestContext.Current.CancellationToken);
        if (init.ExitCode != 0)
        {
            throw new InvalidOperationException($"infra/kafka/init.sh failed ({init.ExitCode}):\n{init.Stdout}\n{init.Stderr}");
        }

        ScramBootstrap = $"localhost:{scramPort}";
        MtlsBootstrap = $"localhost:{mtlsPort}";
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }

        _certs.Dispose();
        _starting.Dispose();
    }
}
