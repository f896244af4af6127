using Jaeger.Streaming.Fuzz;
using Jaeger.Streaming.Fuzz.Targets;
using SharpFuzz;

// Coverage-guided fuzzing of the pipeline's input surfaces with AFL++ and SharpFuzz; tests/fuzz/fuzz.sh runs it.
//   seeds DIR           write the starting corpus
//   corpus TARGET       the corpus folder TARGET starts from
//   TARGET              run under afl-fuzz (instrumented assemblies, input on stdin)
//   TARGET FILE...      replay inputs, such as a finding, and show the exception
FuzzTarget[] targets = [new OtlpJsonTarget(), new WireScanTarget(), new RecordDecodeTarget(), new StoredTraceTarget(), new JaegerDocumentTarget(), new QueryParametersTarget(), new CompressedBodyTarget()];

if (args is ["seeds", var folder])
{
    SeedCorpus.Write(folder);
    return 0;
}

var corpusOnly = args is ["corpus", _];
if (args.Length == 0 || Array.Find(targets, t => t.Name == args[corpusOnly ? 1 : 0]) is not { } target)
{
    Console.Error.WriteLine($"usage: seeds DIR | corpus TARGET | TARGET [FILE...]; targets: {string.Join(", ", targets.Select(t => t.Name))}");
    return 2;
}

if (corpusOnly)
{
    Console.WriteLine(target.Corpus);
    return 0;
}

if (args.Length > 1)
{
    foreach (var file in args[1..])
    {
        target.Run(File.ReadAllBytes(file));
        Console.WriteLine($"{file}: no finding");
    }

    return 0;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var input = new MemoryStream();
    stream.CopyTo(input);
    target.Run(input.ToArray());
});
return 0;
