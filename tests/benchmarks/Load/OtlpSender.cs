namespace Jaeger.Streaming.Benchmarks.Load;

/// <summary>
/// Sends one encoded OTLP request; answers the spans the collector accepted of a <see cref="RealisticLoad"/> request
/// (a positive number for any accepted request), or -1 when it refused or failed the request.
/// </summary>
internal delegate Task<int> OtlpSender(byte[] body, CancellationToken cancellationToken);
