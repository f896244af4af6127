namespace Jaeger.Streaming.Schemas.Kafka;

/// <summary>How a service reaches Kafka. Shared by the collector's producer and the ingester's consumer.</summary>
public sealed class KafkaConnectionOptions
{
    /// <summary>Comma-separated <c>host:port</c> list. Required.</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>The span topic. Defaults to <c>jaeger-spans</c>.</summary>
    public string Topic { get; set; } = SpanRecordContract.DefaultTopic;

    /// <summary>
    /// TLS and SASL settings (<c>Kafka:Security</c>). The default is PLAINTEXT, which start-up refuses unless
    /// <see cref="KafkaSecurityOptions.AllowPlaintext"/> says so.
    /// </summary>
    public KafkaSecurityOptions Security { get; set; } = new();

    /// <summary>Describes the connection without any secret, so it is safe to log.</summary>
    public override string ToString() => $"BootstrapServers={BootstrapServers}, Topic={Topic}, Security=({Security})";
}
