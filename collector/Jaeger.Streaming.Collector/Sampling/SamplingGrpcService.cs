using Grpc.Core;
using Jaeger.ApiV2;
using Jaeger.Streaming.Collector.Sampling.Strategies;

namespace Jaeger.Streaming.Collector.Sampling;

/// <summary>
/// <c>jaeger.api_v2.SamplingManager/GetSamplingStrategy</c>, where gRPC samplers (OpenTelemetry Java's
/// <c>JaegerRemoteSampler</c>) ask: the same strategy as <c>GET /api/sampling</c>, or <c>INVALID_ARGUMENT</c> naming
/// what is wrong with the service name.
/// </summary>
internal sealed class SamplingGrpcService(ISamplingStrategies strategies) : SamplingManager.SamplingManagerBase
{
    public override Task<SamplingStrategyResponse> GetSamplingStrategy(SamplingStrategyParameters request, ServerCallContext context)
    {
        if (SamplingServiceName.Problem(request.ServiceName, "The 'serviceName' field") is { } problem)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, problem));
        }

        return Task.FromResult(StrategyProto.Write(strategies.For(request.ServiceName)));
    }
}
