using Grpc.Core;
using Jaeger.ApiV2;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Collector.Tests.Sampling;

/// <summary>
/// <c>jaeger.api_v2.SamplingManager/GetSamplingStrategy</c> on the sampling gRPC listener, where OpenTelemetry Java's
/// JaegerRemoteSampler asks: the same strategies as <c>GET /api/sampling</c>, in Jaeger's message, and
/// <c>INVALID_ARGUMENT</c> saying what is wrong with a bad service name.
/// </summary>
public sealed class SamplingGrpcTests : IAsyncLifetime
{
    private SamplingCollector _collector = null!;

    public async ValueTask InitializeAsync() => _collector = await SamplingCollector.StartWithStrategiesAsync(SamplingCollector.SampleStrategies);

    public ValueTask DisposeAsync() => _collector.DisposeAsync();

    [Fact]
    public async Task Probabilistic_service_with_operations_fills_jaegers_message()
    {
        var response = await GetAsync("checkout");

        Assert.Equal(SamplingStrategyType.Probabilistic, response.StrategyType);
        Assert.Equal(0.8, response.ProbabilisticSampling.SamplingRate);
        Assert.Null(response.RateLimitingSampling);
        Assert.Equal((0.8, 0.0), (response.OperationSampling.DefaultSamplingProbability, response.OperationSampling.DefaultLowerBoundTracesPerSecond));
        Assert.Equal(
            [("GET /cart", 0.25), ("/health", 0.0)],
            response.OperationSampling.PerOperationStrategies.Select(operation => (operation.Operation, operation.ProbabilisticSampling.SamplingRate)));
    }

    [Fact]
    public async Task Rate_limited_service_has_the_rate_limiting_strategy_only()
    {
        var response = await GetAsync("billing");

        Assert.Equal(SamplingStrategyType.RateLimiting, response.StrategyType);
        Assert.Equal(5, response.RateLimitingSampling.MaxTracesPerSecond);
        Assert.Null(response.ProbabilisticSampling);
        Assert.Null(response.OperationSampling);
    }

    [Theory]
    [InlineData("checkout")]
    [InlineData("billing")]
    [InlineData("inventory")]
    public async Task Grpc_and_http_samplers_are_told_the_same(string service)
    {
        var overHttp = await _collector.StrategyAsync(service);
        var overGrpc = await _collector.StrategyOverGrpcAsync(service);

        Assert.Equal(overHttp.Describe(), overGrpc.Describe());
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData(" ", "is empty")]
    [InlineData("a\u0001b", "control character")]
    [InlineData(null, "at most 256")]
    public async Task Invalid_service_name_is_invalid_argument_saying_why(string? service, string reason)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => GetAsync(service ?? new string('s', 257)));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("The 'serviceName' field", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(reason, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_request_is_refused_before_it_is_read()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => GetAsync(new string('s', 5000)));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task Sampling_is_not_served_on_the_otlp_grpc_port_nor_otlp_on_the_sampling_port()
    {
        var onOtlpPort = await Assert.ThrowsAsync<RpcException>(async () =>
            await new SamplingManager.SamplingManagerClient(_collector.OtlpGrpc).GetSamplingStrategyAsync(new SamplingStrategyParameters { ServiceName = "checkout" }, cancellationToken: TestContext.Current.CancellationToken));
        var onSamplingPort = await Assert.ThrowsAsync<RpcException>(async () =>
            await new TraceService.TraceServiceClient(_collector.SamplingGrpcInvoker).ExportAsync(new ExportTraceServiceRequest(), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal((StatusCode.Unimplemented, StatusCode.Unimplemented), (onOtlpPort.StatusCode, onSamplingPort.StatusCode));
    }

    [Fact]
    public async Task Off_mode_has_no_sampling_grpc_listener()
    {
        await using var collector = await SamplingCollector.StartAsync(SamplingCollector.NoKafka, TimeProvider.System, new Dictionary<string, string?> { ["Collector:Sampling:Mode"] = "Off" });

        var error = await Assert.ThrowsAsync<RpcException>(() => collector.StrategyOverGrpcAsync("checkout"));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    private async Task<SamplingStrategyResponse> GetAsync(string service) =>
        await _collector.SamplingGrpc.GetSamplingStrategyAsync(new SamplingStrategyParameters { ServiceName = service }, cancellationToken: TestContext.Current.CancellationToken);
}
