using Jaeger.Streaming.Schemas.Storage.Elasticsearch;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Query.Storage.Elasticsearch;

internal sealed class ElasticsearchReaderOptionsValidator : IValidateOptions<ElasticsearchReaderOptions>, IValidateOptions<ElasticsearchOptions>
{
    private const string Key = ElasticsearchReaderOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ElasticsearchReaderOptions options)
    {
        var failures = new List<string>();
        if (options.MaxSearchDepth is < 1 or > 10_000)
        {
            failures.Add($"{Key}:MaxSearchDepth {options.MaxSearchDepth} must be between 1 and 10000.");
        }

        if (options.PageSize is < 1 or > 10_000)
        {
            failures.Add($"{Key}:PageSize {options.PageSize} must be between 1 and 10000 (Elasticsearch's index.max_result_window).");
        }

        if (options.MaxSpansPerRead < options.PageSize)
        {
            failures.Add($"{Key}:MaxSpansPerRead {options.MaxSpansPerRead} must be at least {Key}:PageSize ({options.PageSize}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public ValidateOptionsResult Validate(string? name, ElasticsearchOptions options)
    {
        var failures = ElasticsearchOptionsValidator.Validate(options, ElasticsearchRole.Reader);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
