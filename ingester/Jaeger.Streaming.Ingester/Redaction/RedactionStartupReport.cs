using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Ingester.Redaction;

/// <summary>
/// Says at start whether spans are redacted before they are stored. Turning redaction off is an insecure choice,
/// so it is a warning (DESIGN §2). Nothing about the hash key is logged but whether one is configured.
/// </summary>
internal sealed partial class RedactionStartupReport(IOptions<RedactionOptions> options, ILogger<RedactionStartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            LogDisabled(logger);
        }
        else
        {
            LogEnabled(logger, settings.UseDefaultDenyList, settings.Rules.Count, settings.Services.Count, !string.IsNullOrWhiteSpace(settings.HashKeyFile));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Span redaction is disabled (Ingester:Redaction:Enabled=false): passwords, tokens and personal data in spans are stored as sent. Remove the setting to turn it back on.")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Span redaction is on: default deny-list {DenyList}, {Rules} global rules, {Services} service overrides, hash key configured {HashKey}.")]
    private static partial void LogEnabled(ILogger logger, bool denyList, int rules, int services, bool hashKey);
}
