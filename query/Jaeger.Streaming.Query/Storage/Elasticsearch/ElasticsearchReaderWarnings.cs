using Jaeger.Streaming.Schemas.Storage.Elasticsearch;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Query.Storage.Elasticsearch;

/// <summary>Logs at start the insecure choices the query service's Elasticsearch settings make on purpose.</summary>
internal sealed partial class ElasticsearchReaderWarnings(IOptions<ElasticsearchOptions> options, ILogger<ElasticsearchReaderWarnings> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var warning in ElasticsearchOptionsValidator.Warnings(options.Value, ElasticsearchRole.Reader))
        {
            InsecureSetting(logger, warning);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void InsecureSetting(ILogger logger, string warning);
}
