using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Jaeger.Streaming.EmbeddedKafka;

/// <summary>
/// An in-process Kafka cluster: librdkafka's mock cluster, which speaks the real Kafka wire protocol on
/// loopback TCP, with consumer groups, idempotent producers and fault injection. Nothing is persisted.
/// Ordinary Confluent.Kafka clients connect to <see cref="BootstrapServers"/>. Unlike a real broker, it checks producer
/// sequence numbers only for transactional producers: an idempotent producer's retries can duplicate, and a batch
/// failed by <see cref="PushRequestErrors"/> behind an in-flight one can be lost (docs/kafka-delivery.md).
/// </summary>
public sealed class EmbeddedKafkaCluster : IDisposable
{
    private readonly IntPtr _handle;
    private readonly IntPtr _cluster;
    private bool _disposed;

    public EmbeddedKafkaCluster(int brokers = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        Brokers = brokers;

        // Confluent.Kafka loads librdkafka on first use of its API; the mock binds to the same file.
        _ = Library.Version;
        NativeMethods.EnsureLoaded();

        var errors = Marshal.AllocHGlobal(512);
        try
        {
            var conf = NativeMethods.rd_kafka_conf_new();

            // The owner handle never connects anywhere; without this it warns that it has no bootstrap.servers.
            NativeMethods.rd_kafka_conf_set(conf, "log_level", "3", errors, 512);
            _handle = NativeMethods.rd_kafka_new(0, conf, errors, 512);
            if (_handle == IntPtr.Zero)
            {
                throw new InvalidOperationException($"librdkafka could not create the mock cluster's owner handle: {Marshal.PtrToStringUTF8(errors)}");
            }
        }
        finally
        {
            Marshal.FreeHGlobal(errors);
        }

        _cluster = NativeMethods.rd_kafka_mock_cluster_new(_handle, brokers);
        if (_cluster == IntPtr.Zero)
        {
            NativeMethods.rd_kafka_destroy(_handle);
            throw new InvalidOperationException("librdkafka could not create a mock cluster.");
        }

        BootstrapServers = Marshal.PtrToStringUTF8(NativeMethods.rd_kafka_mock_cluster_bootstraps(_cluster))!;
    }

    /// <summary>The <c>host:port</c> list clients connect to.</summary>
    public string BootstrapServers { get; }

    /// <summary>Broker ids run from 1 to this number.</summary>
    public int Brokers { get; }

    public void CreateTopic(string topic, int partitions, int replicationFactor = 1) =>
        Check(NativeMethods.rd_kafka_mock_topic_create(_cluster, topic, partitions, replicationFactor), $"create topic '{topic}'");

    /// <summary>Takes a broker off the network: its connections drop and new ones are refused until <see cref="SetBrokerUp"/>.</summary>
    public void SetBrokerDown(int brokerId) => Check(NativeMethods.rd_kafka_mock_broker_set_down(_cluster, brokerId), $"take broker {brokerId} down");

    public void SetBrokerUp(int brokerId) => Check(NativeMethods.rd_kafka_mock_broker_set_up(_cluster, brokerId), $"bring broker {brokerId} up");

    public void SetAllBrokersDown()
    {
        for (var id = 1; id <= Brokers; id++)
        {
            SetBrokerDown(id);
        }
    }

    public void SetAllBrokersUp()
    {
        for (var id = 1; id <= Brokers; id++)
        {
            SetBrokerUp(id);
        }
    }

    /// <summary>Adds round-trip latency to every request a broker serves.</summary>
    public void SetBrokerRtt(int brokerId, TimeSpan rtt) =>
        Check(NativeMethods.rd_kafka_mock_broker_set_rtt(_cluster, brokerId, (int)rtt.TotalMilliseconds), $"set broker {brokerId} rtt");

    /// <summary>
    /// Makes the next requests of one Kafka API, from any client to any broker, fail with these errors, in order: one
    /// error per request. The broker answers the error without acting on the request (a failed Produce appends nothing).
    /// </summary>
    public void PushRequestErrors(KafkaApi api, params ErrorCode[] errors) =>
        NativeMethods.rd_kafka_mock_push_request_errors_array(_cluster, (short)api, (nuint)errors.Length, Array.ConvertAll(errors, e => (int)e));

    /// <summary>Moves a partition's leadership: clients still talking to the old leader get NOT_LEADER_OR_FOLLOWER and must follow.</summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId) =>
        Check(NativeMethods.rd_kafka_mock_partition_set_leader(_cluster, topic, partition, brokerId), $"move the leader of {topic}[{partition}] to broker {brokerId}");

    /// <summary>Starts recording every request the brokers receive, so that <see cref="CountRequests"/> can tell whether faults were reached.</summary>
    public void StartRequestTracking() => NativeMethods.rd_kafka_mock_start_request_tracking(_cluster);

    /// <summary>Requests of one API received since <see cref="StartRequestTracking"/>, whether they were answered with an error or not.</summary>
    public int CountRequests(KafkaApi api)
    {
        var requests = NativeMethods.rd_kafka_mock_get_requests(_cluster, out var count);
        if (requests == IntPtr.Zero)
        {
            return 0;
        }

        try
        {
            var matching = 0;
            for (var i = 0; i < (int)count; i++)
            {
                if (NativeMethods.rd_kafka_mock_request_api_key(Marshal.ReadIntPtr(requests, i * IntPtr.Size)) == (short)api)
                {
                    matching++;
                }
            }

            return matching;
        }
        finally
        {
            NativeMethods.rd_kafka_mock_request_destroy_array(requests, count);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        NativeMethods.rd_kafka_mock_cluster_destroy(_cluster);
        NativeMethods.rd_kafka_destroy(_handle);
    }

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw new InvalidOperationException($"Mock cluster could not {what}: {(ErrorCode)error}.");
        }
    }
}
