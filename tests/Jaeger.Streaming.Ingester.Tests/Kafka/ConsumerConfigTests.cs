using Jaeger.Streaming.Ingester.Kafka;
using Jaeger.Streaming.Schemas.Kafka;

namespace Jaeger.Streaming.Ingester.Tests.Kafka;

/// <summary>How <c>Ingester</c> settings map to the consumer's librdkafka configuration, and which ones are refused.</summary>
public sealed class ConsumerConfigTests
{
    private static readonly KafkaConnectionOptions Connection = new() { BootstrapServers = "localhost:9092", Security = new KafkaSecurityOptions { AllowPlaintext = true } };

    [Fact]
    public void Maps_GroupInstanceId_to_group_instance_id_for_static_membership()
    {
        var config = KafkaClientConfigs.Consumer(Connection, new IngesterOptions { GroupInstanceId = "ingester-0" });

        Assert.Equal("ingester-0", Setting(config, "group.instance.id"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Leaves_group_instance_id_unset_without_GroupInstanceId_so_membership_is_dynamic(string? instanceId)
    {
        var config = KafkaClientConfigs.Consumer(Connection, new IngesterOptions { GroupInstanceId = instanceId });

        Assert.Null(Setting(config, "group.instance.id"));
    }

    [Fact]
    public void Accepts_a_pod_name_as_GroupInstanceId() =>
        Assert.Empty(Failures(new IngesterOptions { GroupInstanceId = "jaeger-ingester-7f9c_2.a" }));

    [Theory]
    [InlineData("ingester 0")]
    [InlineData("ingester/0")]
    [InlineData("..")]
    [InlineData("   ")]
    public void Refuses_a_GroupInstanceId_Kafka_would_reject_and_names_the_key_and_the_fix(string instanceId)
    {
        var failure = Assert.Single(Failures(new IngesterOptions { GroupInstanceId = instanceId }));

        Assert.Contains("Ingester:GroupInstanceId", failure, StringComparison.Ordinal);
        Assert.Contains("letters, digits", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_GroupInstanceId_longer_than_249_characters()
    {
        Assert.Empty(Failures(new IngesterOptions { GroupInstanceId = new string('a', 249) }));
        Assert.Contains("Ingester:GroupInstanceId", Assert.Single(Failures(new IngesterOptions { GroupInstanceId = new string('a', 250) })), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00.050")]
    [InlineData("02:00:00")]
    public void Refuses_a_LagRefreshInterval_out_of_range_and_names_the_key(string interval)
    {
        var failure = Assert.Single(Failures(new IngesterOptions { LagRefreshInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) }));

        Assert.Contains("Ingester:LagRefreshInterval", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Maps_FetchWaitMax_to_fetch_wait_max_ms()
    {
        Assert.Equal("500", Setting(KafkaClientConfigs.Consumer(Connection, new IngesterOptions()), "fetch.wait.max.ms"));
        Assert.Equal("100", Setting(KafkaClientConfigs.Consumer(Connection, new IngesterOptions { FetchWaitMax = TimeSpan.FromMilliseconds(100) }), "fetch.wait.max.ms"));
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    [InlineData("00:05:00.001")]
    public void Refuses_a_FetchWaitMax_out_of_range_and_names_the_key(string wait)
    {
        var failure = Assert.Single(Failures(new IngesterOptions { FetchWaitMax = TimeSpan.Parse(wait, System.Globalization.CultureInfo.InvariantCulture) }));

        Assert.Contains("Ingester:FetchWaitMax", failure, StringComparison.Ordinal);
    }

    private static string? Setting(Confluent.Kafka.ConsumerConfig config, string key) =>
        config.FirstOrDefault(setting => setting.Key == key).Value;

    private static IEnumerable<string> Failures(IngesterOptions options) =>
        new IngesterOptionsValidator().Validate(null, options).Failures ?? [];
}
