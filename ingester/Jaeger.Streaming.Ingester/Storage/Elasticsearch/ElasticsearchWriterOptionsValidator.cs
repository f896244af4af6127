using Jaeger.Streaming.Schemas.Storage.Elasticsearch;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Ingester.Storage.Elasticsearch;

internal sealed class ElasticsearchWriterOptionsValidator : IValidateOptions<ElasticsearchWriterOptions>, IValidateOptions<ElasticsearchOptions>
{
    private const string Key = ElasticsearchWriterOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ElasticsearchWriterOptions options)
    {
        var failures = new List<string>();
        if (options.MaxBulkBytes < 1024)
        {
            failures.Add($"{Key}:MaxBulkBytes {options.MaxBulkBytes} is below 1024; use for example 5242880 (5 MiB).");
        }

        if (options.MaxBulkDocuments < 1)
        {
            failures.Add($"{Key}:MaxBulkDocuments {options.MaxBulkDocuments} must be at least 1; use for example 1000.");
        }

        if (options.MaxConcurrentBulkRequests is < 1 or > 64)
        {
            failures.Add($"{Key}:MaxConcurrentBulkRequests {options.MaxConcurrentBulkRequests} must be between 1 and 64.");
        }

        if (options.MaxItemRetries is < 0 or > 100)
        {
            failures.Add($"{Key}:MaxItemRetries {options.MaxItemRetries} must be between 0 and 100.");
        }

        if (options.ServiceCacheTtl < TimeSpan.Zero || options.ServiceCacheSize < 0)
        {
            failures.Add($"{Key}:ServiceCacheTtl and {Key}:ServiceCacheSize must not be negative; 0 turns the cache off.");
        }

        if (options.Shards < 1 || options.Replicas < 0)
        {
            failures.Add($"{Key}:Shards must be at least 1 and {Key}:Replicas at least 0.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public ValidateOptionsResult Validate(string? name, ElasticsearchOptions options)
    {
        var failures = ElasticsearchOptionsValidator.Validate(options, ElasticsearchRole.Writer);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
