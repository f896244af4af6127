using Jaeger.Streaming.Storage.Tests.Conformance;

namespace Jaeger.Streaming.Storage.Tests.Elasticsearch.RealCluster;

/// <summary>The storage conformance suite, unchanged, on Elasticsearch: ES_URL or Testcontainers, skipped with the reason otherwise.</summary>
public sealed class ElasticsearchTraceStoreConformance(ElasticsearchTarget target) : TraceStoreConformance, IClassFixture<ElasticsearchTarget>
{
    protected override async Task<TraceStoreHarness> OpenStoreAsync()
    {
        if (target.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }

        return await ElasticsearchStoreHarness.OpenAsync(target);
    }
}
