using System.Text;
using Confluent.Kafka;
using Jaeger.Streaming.Schemas.Kafka;

namespace Jaeger.Streaming.Kafka.Tests;

/// <summary>
/// Against a real secured broker (DESIGN §3): SCRAM over TLS and mTLS work end to end with the shared options,
/// and wrong credentials, an untrusted broker and a missing ACL are refused. Skips with the reason where there is no Docker.
/// </summary>
public sealed class SecuredKafkaTests(SecuredKafka kafka) : IClassFixture<SecuredKafka>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Collector_and_ingester_exchange_a_record_over_sasl_ssl_with_scram()
    {
        var broker = await kafka.StartAsync();

        var key = await ProduceAsync(Scram(broker, "collector"), SpanRecordContract.DefaultTopic);

        Assert.True(await ConsumedAsync(Scram(broker, "ingester"), key), "the ingester did not read the collector's record over SCRAM");
    }

    [Fact]
    public async Task Collector_and_ingester_exchange_a_record_over_mtls()
    {
        var broker = await kafka.StartAsync();

        var key = await ProduceAsync(Mtls(broker, "collector"), SpanRecordContract.DefaultTopic);

        Assert.True(await ConsumedAsync(Mtls(broker, "ingester"), key), "the ingester did not read the collector's record over mTLS");
    }

    [Fact]
    public async Task Wrong_password_is_refused()
    {
        var broker = await kafka.StartAsync();
        var options = Scram(broker, "collector");
        options.Security.Sasl.PasswordFile = broker.Certificates.WriteFile("wrong.password", "not-the-password");

        var errors = await ErrorsWhileProducingAsync(options, SpanRecordContract.DefaultTopic);

        Assert.Contains(errors, e => e.Code is ErrorCode.SaslAuthenticationFailed or ErrorCode.Local_Authentication);
    }

    [Fact]
    public async Task Principal_without_the_acl_is_refused()
    {
        var broker = await kafka.StartAsync();

        // The collector may write jaeger-spans only; the dead-letter topic belongs to the ingester.
        var error = await Assert.ThrowsAsync<ProduceException<byte[], byte[]>>(
            () => ProduceAsync(Scram(broker, "collector"), SpanRecordContract.DefaultDeadLetterTopic));

        Assert.Equal(ErrorCode.TopicAuthorizationFailed, error.Error.Code);
    }

    /// <summary>
    /// redrive-dead-letters' own principal: it reads what the ingester dead-lettered, in its own group, and writes it
    /// back to the span topic, which the ingester's principal may not write.
    /// </summary>
    [Fact]
    public async Task Redrive_principal_moves_a_dead_letter_back_to_the_span_topic()
    {
        var broker = await kafka.StartAsync();
        var redrive = Scram(broker, "dlq-redrive");

        var key = await ProduceAsync(Scram(broker, "ingester"), SpanRecordContract.DefaultDeadLetterTopic);
        var read = await ConsumedAsync(redrive, key, SpanRecordContract.DefaultDeadLetterTopic, "jaeger-dlq-redrive");
        var redriven = await ProduceAsync(redrive, SpanRecordContract.DefaultTopic);
        var refused = await Assert.ThrowsAsync<ProduceException<byte[], byte[]>>(() => ProduceAsync(Scram(broker, "ingester"), SpanRecordContract.DefaultTopic));

        Assert.True(read, "the redrive principal did not read the dead letter");
        Assert.True(await ConsumedAsync(Scram(broker, "ingester"), redriven), "the ingester did not read the re-driven record");
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, refused.Error.Code);
    }

    [Fact]
    public async Task Broker_certificate_from_another_ca_is_refused()
    {
        var broker = await kafka.StartAsync();
        using var otherCa = new TestCertificates();
        var options = Scram(broker, "collector");
        options.Security.Tls.CaFile = otherCa.CaFile;

        var errors = await ErrorsWhileProducingAsync(options, SpanRecordContract.DefaultTopic);

        Assert.Contains(errors, e => e.Code == ErrorCode.Local_Ssl || e.Reason.Contains("certificate verify failed", StringComparison.Ordinal));
    }

    private static KafkaConnectionOptions Scram(SecuredKafka broker, string user) => new()
    {
        BootstrapServers = broker.ScramBootstrap,
        Security =
        {
            Protocol = KafkaSecurityProtocol.SaslSsl,
            Tls = { CaFile = broker.Certificates.CaFile },
            Sasl = { Mechanism = KafkaSaslMechanism.ScramSha512, Username = user, PasswordFile = broker.Certificates.PasswordFile(user) },
        },
    };

    private static KafkaConnectionOptions Mtls(SecuredKafka broker, string client) => new()
    {
        BootstrapServers = broker.MtlsBootstrap,
        Security =
        {
            Protocol = KafkaSecurityProtocol.Ssl,
            Tls = { CaFile = broker.Certificates.CaFile, CertificateFile = broker.Certificates.CertificateFile(client), KeyFile = broker.Certificates.KeyFile(client) },
        },
    };

    // As the collector produces: idempotent, acks=all.
    private static ProducerConfig Producer(KafkaConnectionOptions options) => new(KafkaClientConfig.For(options))
    {
        Acks = Acks.All,
        EnableIdempotence = true,
        MessageTimeoutMs = (int)Patience.TotalMilliseconds,
    };

    private static async Task<string> ProduceAsync(KafkaConnectionOptions options, string topic)
    {
        var key = Guid.NewGuid().ToString("N");
        using var producer = new ProducerBuilder<byte[], byte[]>(Producer(options)).Build();
        await producer.ProduceAsync(topic, new Message<byte[], byte[]> { Key = Encoding.ASCII.GetBytes(key), Value = [1] }, TestContext.Current.CancellationToken);
        return key;
    }

    private static async Task<List<Error>> ErrorsWhileProducingAsync(KafkaConnectionOptions options, string topic)
    {
        var errors = new List<Error>();
        using var producer = new ProducerBuilder<byte[], byte[]>(Producer(options))
            .SetErrorHandler((_, error) => { lock (errors) { errors.Add(error); } })
            .Build();

        await Assert.ThrowsAsync<ProduceException<byte[], byte[]>>(
            () => producer.ProduceAsync(topic, new Message<byte[], byte[]> { Value = [1] }, TestContext.Current.CancellationToken));
        lock (errors)
        {
            return [.. errors];
        }
    }

    // As the ingester consumes (by default): its group, from the earliest offset.
    private static Task<bool> ConsumedAsync(KafkaConnectionOptions options, string key, string topic = SpanRecordContract.DefaultTopic, string group = SpanRecordContract.DefaultConsumerGroup) => Task.Run(() =>
    {
        var config = new ConsumerConfig(KafkaClientConfig.For(options))
        {
            GroupId = group,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        };
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        consumer.Subscribe(topic);
        var deadline = DateTime.UtcNow + Patience;
        try
        {
            while (DateTime.UtcNow < deadline)
            {
                var result = consumer.Consume(TimeSpan.FromSeconds(1));
                if (result?.Message?.Key is { } k && Encoding.ASCII.GetString(k) == key)
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            consumer.Close();
        }
    });
}
