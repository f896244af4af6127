namespace Jaeger.Streaming.Collector.Tests;

/// <summary>One embedded cluster and one collector shared by a test class whose tests inject no faults.</summary>
public sealed class CollectorFixture : IAsyncLifetime
{
    public SpanTopic Topic { get; } = new();

    internal CollectorHost Collector { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Collector = await CollectorHost.StartAsync(Topic.BootstrapServers);

    public async ValueTask DisposeAsync()
    {
        await Collector.DisposeAsync();
        Topic.Dispose();
    }
}
