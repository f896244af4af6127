using Jaeger.Streaming.Collector.Boundary;
using Jaeger.Streaming.Collector.Boundary.Authentication;
using Jaeger.Streaming.Collector.Boundary.Tenancy;
using Jaeger.Streaming.Collector.Telemetry;
using Jaeger.Streaming.Schemas.Secrets;
using Microsoft.AspNetCore.Http;

namespace Jaeger.Streaming.Collector.Receivers;

/// <summary>Authentication, then the tenant, for both receivers; each refusal is counted by its reason.</summary>
internal sealed class ProducerAdmission(ProducerAuthenticator authenticator, TenantResolver tenants, CollectorMetrics metrics)
{
    public async ValueTask<Admission> AdmitAsync(HttpRequest request, OtlpTransport transport)
    {
        Producer? producer;
        try
        {
            producer = await authenticator.AuthenticateAsync(request).ConfigureAwait(false);
        }
        catch (SigningKeysUnavailableException e)
        {
            metrics.AuthenticationFailed(transport, "signing_keys_unavailable");
            return Admission.Unavailable(e.Message, SigningKeysUnavailableException.RetryAfter);
        }

        if (producer is null)
        {
            metrics.AuthenticationFailed(transport, "credential");
            return Admission.Unauthenticated(ProducerAuthenticator.UnauthenticatedMessage);
        }

        var admission = tenants.Resolve(request, producer);
        if (admission.Producer is null)
        {
            metrics.AuthenticationFailed(transport, "tenant");
        }

        return admission;
    }
}
