namespace Jaeger.Streaming.Ingester.Health;

/// <summary>
/// Whether the ingester can do its work, as <c>/health/ready</c> reports it: it is ready once its consumer has joined
/// the group and received an assignment, and while its storage writes succeed. It judges storage from the write path
/// itself (the last attempt failed), so a failing backend needs no probe of its own.
/// </summary>
internal sealed class IngesterReadiness
{
    private volatile bool _assigned;
    private volatile bool _storageFailing;

    /// <summary>Null when ready; otherwise what the ingester is waiting for.</summary>
    public string? NotReadyReason =>
        !_assigned ? "the Kafka consumer has no partition assignment from its group yet"
        : _storageFailing ? "storage writes are failing; the ingester is retrying and has paused consumption"
        : null;

    /// <summary>The group gave this consumer its assignment. An ingester whose group has more members than partitions gets an empty one and is ready as a standby.</summary>
    public void Assigned() => _assigned = true;

    /// <summary>The consumer lost its membership or is leaving the group.</summary>
    public void Unassigned() => _assigned = false;

    public void StorageFailed() => _storageFailing = true;

    public void StorageSucceeded() => _storageFailing = false;
}
