using System.Net;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Ingester;

/// <summary>Checks <see cref="IngesterOptions"/> at start-up; each failure names the key and the fix.</summary>
internal sealed class IngesterOptionsValidator : IValidateOptions<IngesterOptions>
{
    private const string Prefix = IngesterOptions.Section + ":";
    private const int MaxGroupInstanceIdLength = 249;

    private static readonly System.Buffers.SearchValues<char> GroupInstanceIdCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

    public ValidateOptionsResult Validate(string? name, IngesterOptions options)
    {
        var failures = new List<string>();
        if (options.AdminPort is < 1 or > 65535)
        {
            failures.Add($"{Prefix}AdminPort {options.AdminPort} is not a TCP port; use 1-65535 (default 14270).");
        }

        if (!TryParseListenAddress(options.ListenAddress, out _))
        {
            failures.Add($"{Prefix}ListenAddress '{options.ListenAddress}' is not an IP address; use for example 0.0.0.0, 127.0.0.1, :: or localhost.");
        }

        if (string.IsNullOrWhiteSpace(options.ConsumerGroup))
        {
            failures.Add($"{Prefix}ConsumerGroup is empty; set a Kafka consumer group id (default jaeger-ingester).");
        }

        if (options.GroupInstanceId is { Length: > 0 } instance && !IsValidGroupInstanceId(instance))
        {
            failures.Add($"{Prefix}GroupInstanceId '{instance}' is not a valid Kafka group instance id; use at most {MaxGroupInstanceIdLength} letters, digits, '.', '_' or '-' (for example the pod name), or leave it empty for dynamic membership.");
        }

        if (options.LagRefreshInterval < TimeSpan.FromMilliseconds(100) || options.LagRefreshInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"{Prefix}LagRefreshInterval {options.LagRefreshInterval} is out of range; use 00:00:00.100 to 01:00:00 (default 00:00:05).");
        }

        if (options.SessionTimeout < TimeSpan.FromSeconds(1) || options.SessionTimeout > TimeSpan.FromHours(1))
        {
            failures.Add($"{Prefix}SessionTimeout {options.SessionTimeout} is out of range; use 00:00:01 to 01:00:00 within the brokers' group.min/max.session.timeout.ms (default 00:00:45).");
        }

        if (options.FetchWaitMax < TimeSpan.FromMilliseconds(1) || options.FetchWaitMax > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{Prefix}FetchWaitMax {options.FetchWaitMax} is out of range; use 00:00:00.001 to 00:05:00 (default 00:00:00.500).");
        }

        if (string.IsNullOrWhiteSpace(options.DeadLetterTopic))
        {
            failures.Add($"{Prefix}DeadLetterTopic is empty; set the topic for undecodable records (default jaeger-spans-dlq).");
        }

        if (options.Batch.MaxRecords < 1)
        {
            failures.Add($"{Prefix}Batch:MaxRecords {options.Batch.MaxRecords} must be at least 1 (default 500).");
        }

        if (options.Batch.MaxWait < TimeSpan.Zero)
        {
            failures.Add($"{Prefix}Batch:MaxWait {options.Batch.MaxWait} is negative; use a duration such as 00:00:00.100.");
        }

        if (options.Retry.InitialBackoff <= TimeSpan.Zero)
        {
            failures.Add($"{Prefix}Retry:InitialBackoff {options.Retry.InitialBackoff} must be positive; use a duration such as 00:00:00.100.");
        }

        if (options.Retry.MaxBackoff < options.Retry.InitialBackoff)
        {
            failures.Add($"{Prefix}Retry:MaxBackoff {options.Retry.MaxBackoff} is shorter than Retry:InitialBackoff {options.Retry.InitialBackoff}; raise it (default 00:00:10).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Kafka checks a group instance id as it checks a topic name.
    private static bool IsValidGroupInstanceId(string id) =>
        id.Length <= MaxGroupInstanceIdLength && id is not ("." or "..") && !id.AsSpan().ContainsAnyExcept(GroupInstanceIdCharacters);

    internal static bool TryParseListenAddress(string? value, out IPAddress address)
    {
        if (string.Equals(value, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
            return true;
        }

        address = IPAddress.None;
        return value is not null && IPAddress.TryParse(value, out address!);
    }
}
