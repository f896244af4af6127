namespace Jaeger.Streaming.Fuzz;

/// <summary>
/// One input surface and the property it must keep on any bytes: a violation throws, which AFL records as a crash.
/// A target builds what it uses on its first input, not before: SharpFuzz's instrumented code may only run once the
/// fuzzer's shared memory is attached.
/// </summary>
internal abstract class FuzzTarget
{
    /// <summary>The name given on the command line.</summary>
    public abstract string Name { get; }

    /// <summary>The folder of <see cref="SeedCorpus"/> whose files start this target's corpus.</summary>
    public abstract string Corpus { get; }

    public abstract void Run(byte[] input);
}
