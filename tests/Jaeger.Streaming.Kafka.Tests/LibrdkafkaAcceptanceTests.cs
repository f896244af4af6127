using Confluent.Kafka;
using Jaeger.Streaming.Schemas.Kafka;

namespace Jaeger.Streaming.Kafka.Tests;

/// <summary>
/// librdkafka itself accepts the mapped keys and values, and loads the CA, certificate and key files, when a client is
/// created. No broker is needed: creation fails on an unknown key, a bad value or an unusable file.
/// </summary>
public sealed class LibrdkafkaAcceptanceTests(TestCertificates certs)
{
    [Fact]
    public void Producer_accepts_scram_over_tls_with_an_encrypted_client_key()
    {
        var options = Options.Scram(certs);
        options.Security.Tls.CertificateFile = certs.CertificateFile("collector");
        options.Security.Tls.KeyFile = certs.EncryptedKeyFile("collector", "unlock");
        options.Security.Tls.KeyPassword = "unlock";

        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig(KafkaClientConfig.For(options)) { Acks = Acks.All, EnableIdempotence = true }).Build();

        Assert.NotNull(producer.Name);
    }

    [Fact]
    public void Consumer_accepts_mtls()
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig(KafkaClientConfig.For(Options.Mtls(certs))) { GroupId = "jaeger-ingester" }).Build();

        Assert.NotNull(consumer.Name);
    }

    [Fact]
    public void Consumer_accepts_oidc_client_credentials()
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig(KafkaClientConfig.For(Options.Oidc(certs))) { GroupId = "jaeger-ingester" }).Build();

        Assert.NotNull(consumer.Name);
    }

    [Fact]
    public void Producer_accepts_the_system_trust_store()
    {
        var options = Options.Scram(certs);
        options.Security.Tls.CaFile = null;
        options.Security.Tls.UseSystemTrustStore = true;

        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig(KafkaClientConfig.For(options))).Build();

        Assert.NotNull(producer.Name);
    }

    [Fact]
    public void Wrong_key_password_is_refused_when_the_client_is_created()
    {
        var options = Options.Mtls(certs);
        options.Security.Tls.KeyFile = certs.EncryptedKeyFile("ingester", "right");
        options.Security.Tls.KeyPassword = "wrong";

        // Confluent surfaces librdkafka's creation failure as an InvalidOperationException naming the key.
        var error = Assert.Throws<InvalidOperationException>(() => new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig(KafkaClientConfig.For(options)) { GroupId = "g" }).Build());

        Assert.StartsWith("ssl.key.location failed", error.Message, StringComparison.Ordinal);
    }
}
