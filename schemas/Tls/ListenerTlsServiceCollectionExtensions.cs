using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Schemas.Tls;

/// <summary>Registers a service's listener TLS: its options, their start-up checks, and the <see cref="ListenerTls"/> to apply.</summary>
public static class ListenerTlsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="ListenerTlsOptions"/> from <paramref name="section"/> (<c>Collector:Tls</c>), validates them at start
    /// with messages naming that section, and registers one <see cref="ListenerTls"/> for the service's listeners.
    /// </summary>
    public static IServiceCollection AddListenerTls(this IServiceCollection services, string section)
    {
        services.AddOptions<ListenerTlsOptions>().BindConfiguration(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ListenerTlsOptions>>(new ListenerTlsOptionsValidator(section)));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new ListenerTls(
            provider.GetRequiredService<IOptions<ListenerTlsOptions>>().Value,
            section,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<ListenerTls>>()));
        return services;
    }
}
