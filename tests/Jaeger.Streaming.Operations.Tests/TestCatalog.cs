using System.Text.RegularExpressions;

namespace Jaeger.Streaming.Operations.Tests;

/// <summary>
/// The tests that exist, read from the test sources: each class with the test methods it declares or inherits.
/// Docs cite tests as <c>Class.Method</c> or <c>Class.*</c>; this answers whether such a citation is real.
/// </summary>
internal sealed partial class TestCatalog
{
    private readonly Dictionary<string, HashSet<string>> _declared = [];
    private readonly Dictionary<string, string> _baseClass = [];

    public static TestCatalog FromSources(IEnumerable<string> sources)
    {
        var catalog = new TestCatalog();
        foreach (var source in sources)
        {
            catalog.Add(source);
        }

        return catalog;
    }

    public static TestCatalog FromDirectory(string testsRoot) =>
        FromSources(Directory.EnumerateFiles(testsRoot, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));

    private void Add(string source)
    {
        var classes = ClassDeclaration().Matches(source).ToList();
        foreach (var declaration in classes)
        {
            _declared.TryAdd(declaration.Groups["name"].Value, []);
            if (declaration.Groups["base"].Success)
            {
                _baseClass[declaration.Groups["name"].Value] = declaration.Groups["base"].Value;
            }
        }

        foreach (Match test in TestMethod().Matches(source))
        {
            // A test belongs to the nearest class declared before it in the file.
            var owner = classes.LastOrDefault(c => c.Index < test.Index);
            if (owner is not null)
            {
                _declared[owner.Groups["name"].Value].Add(test.Groups["method"].Value);
            }
        }
    }

    /// <summary>True when <paramref name="citation"/> (<c>Class.Method</c> or <c>Class.*</c>) names an existing test.</summary>
    public bool Contains(string citation)
    {
        var dot = citation.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            return false;
        }

        var (type, method) = (citation[..dot], citation[(dot + 1)..]);
        for (var current = type; current is not null; current = _baseClass.GetValueOrDefault(current))
        {
            if (_declared.TryGetValue(current, out var tests) && (method == "*" ? tests.Count > 0 : tests.Contains(method)))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"\b(?:class|record)\s+(?<name>[A-Z]\w*)(?:\s*\([^)]*\))?(?:\s*:\s*(?<base>[A-Z]\w*))?")]
    private static partial Regex ClassDeclaration();

    // An attribute's arguments may hold ']' inside a string literal (raw, verbatim or regular), as JSON test data does.
    [GeneratedRegex(@"\[(?:Fact|Theory|Property)\b(?:""""""[\s\S]*?""""""|@?""(?:[^""\\]|\\.)*""|[^\]""])*\](?:\s*\[(?:""""""[\s\S]*?""""""|@?""(?:[^""\\]|\\.)*""|[^\]""])*\])*\s*(?:public\s+)?(?:async\s+)?(?:Task|ValueTask|void|bool|Property)\s+(?<method>\w+)\s*\(")]
    private static partial Regex TestMethod();
}
