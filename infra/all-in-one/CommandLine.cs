namespace Jaeger.Streaming.AllInOne;

/// <summary>The all-in-one's own flag, <c>--data-dir</c>; every other argument is .NET configuration.</summary>
internal static class CommandLine
{
    public const string DefaultDataDir = "./data";

    public static (string DataDir, string[] ConfigurationArgs) Split(string[] args)
    {
        var dataDir = DefaultDataDir;
        var rest = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--data-dir")
            {
                if (i + 1 >= args.Length || string.IsNullOrWhiteSpace(args[i + 1]))
                {
                    throw new ArgumentException("--data-dir needs a directory, for example --data-dir ./data");
                }

                dataDir = args[++i];
            }
            else if (args[i].StartsWith("--data-dir=", StringComparison.Ordinal))
            {
                dataDir = args[i]["--data-dir=".Length..];
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        return (dataDir, [.. rest]);
    }
}
