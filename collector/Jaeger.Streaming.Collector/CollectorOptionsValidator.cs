using System.Net;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector;

internal sealed class CollectorOptionsValidator : IValidateOptions<CollectorOptions>
{
    public ValidateOptionsResult Validate(string? name, CollectorOptions options)
    {
        var failures = new List<string>();
        CheckPort(failures, nameof(CollectorOptions.GrpcPort), options.GrpcPort);
        CheckPort(failures, nameof(CollectorOptions.HttpPort), options.HttpPort);
        CheckPort(failures, nameof(CollectorOptions.AdminPort), options.AdminPort);

        if (options.GrpcPort == options.HttpPort || options.GrpcPort == options.AdminPort || options.HttpPort == options.AdminPort)
        {
            failures.Add($"{CollectorOptions.Section}:GrpcPort ({options.GrpcPort}), HttpPort ({options.HttpPort}) and AdminPort ({options.AdminPort}) must differ; give each listener its own port.");
        }

        if (options.ListenAddress.Length > 0 && !IPAddress.TryParse(options.ListenAddress, out _))
        {
            failures.Add($"{CollectorOptions.Section}:ListenAddress '{options.ListenAddress}' is not an IP address; use one such as 127.0.0.1, or leave it empty to listen on every address.");
        }

        // One byte of headroom: the body reader reads one past the limit to detect an over-size body.
        var largest = Array.MaxLength - 1;
        if (options.MaxRequestBodyBytes < 1 || options.MaxRequestBodyBytes > largest)
        {
            failures.Add($"{CollectorOptions.Section}:MaxRequestBodyBytes {options.MaxRequestBodyBytes} is out of range; use 1 to {largest} (the default is 67108864, 64 MiB).");
        }

        if (options.MaxRequestBytesInFlight < options.MaxRequestBodyBytes)
        {
            failures.Add($"{CollectorOptions.Section}:MaxRequestBytesInFlight {options.MaxRequestBytesInFlight} is below {CollectorOptions.Section}:MaxRequestBodyBytes ({options.MaxRequestBodyBytes}), so a request of the largest size could never be accepted; raise it (the default is 268435456, 256 MiB).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckPort(List<string> failures, string key, int port)
    {
        if (port is < 1 or > 65535)
        {
            failures.Add($"{CollectorOptions.Section}:{key} {port} is not a TCP port; use 1 to 65535.");
        }
    }
}
