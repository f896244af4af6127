using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Ingester.Redaction;

/// <summary>Registers the ingester's redaction step.</summary>
public static class RedactionServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="RedactionOptions"/> from <c>Ingester:Redaction</c>, validates them at start-up, registers the
    /// singleton <see cref="SpanRedactor"/>, and logs at start whether redaction is on (a warning when it is off).
    /// </summary>
    public static IServiceCollection AddSpanRedaction(this IServiceCollection services)
    {
        services.AddOptions<RedactionOptions>().BindConfiguration(RedactionOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedactionOptions>, RedactionOptionsValidator>());
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<RedactionOptions>>().Value;
            var hashKey = options.Enabled && !string.IsNullOrWhiteSpace(options.HashKeyFile) ? ValueHasher.ReadKey(options.HashKeyFile) : null;
            return new SpanRedactor(options, hashKey, provider.GetService<IRedactionCounter>());
        });
        services.AddHostedService<RedactionStartupReport>();
        return services;
    }
}
