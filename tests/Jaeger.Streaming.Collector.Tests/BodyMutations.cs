namespace Jaeger.Streaming.Collector.Tests;

/// <summary>Random damage to a valid body, for fuzzing the receivers and the wire scan.</summary>
internal static class BodyMutations
{
    /// <summary>One to four edits: flip, insert or delete a byte, or cut the body short.</summary>
    public static byte[] Mutate(byte[] seed, Random random)
    {
        var body = new List<byte>(seed);
        var edits = random.Next(1, 5);
        for (var i = 0; i < edits && body.Count > 0; i++)
        {
            var at = random.Next(body.Count);
            switch (random.Next(4))
            {
                case 0:
                    body[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    body.Insert(at, (byte)random.Next(256));
                    break;
                case 2:
                    body.RemoveAt(at);
                    break;
                default:
                    body.RemoveRange(at, body.Count - at);
                    break;
            }
        }

        return [.. body];
    }
}
