namespace Jaeger.Streaming.Collector.Tests.Wire;

/// <summary>
/// Over many seeded requests with defects and values on both sides of small limits: whenever the scan calls a request
/// clean, the model path rejects and changes nothing in it, and both paths split and count it alike.
/// </summary>
public sealed class WireScanPropertyTests
{
    private const int Cases = 3000;

    [Fact]
    public void A_request_the_scan_calls_clean_is_one_the_model_path_leaves_untouched_and_splits_alike()
    {
        var paths = new WirePaths(GeneratedRequests.HostileLimits);
        var random = new Random(11);
        var clean = 0;
        for (var seed = 0; seed < Cases; seed++)
        {
            var body = Google.Protobuf.MessageExtensions.ToByteArray(new GeneratedRequests(seed).Hostile());
            IReadOnlySet<string>? allowed = random.Next(4) == 0 ? new HashSet<string>(GeneratedRequests.HostileServices[..2], StringComparer.Ordinal) : null;
            if (paths.AssertCleanMeansModelAgrees(body, allowed))
            {
                clean++;
            }
        }

        // Both answers must be common, or the property says little.
        Assert.InRange(clean, Cases / 10, Cases - (Cases / 10));
    }
}
