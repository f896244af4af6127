using Jaeger.Streaming.Testing;

namespace Jaeger.Streaming.Operations.Tests;

public sealed class ThreatModelTests
{
    private static readonly string Docs = Path.Combine(Repository.Root(), "docs");
    private static readonly Lazy<TestCatalog> Catalog = new(() => TestCatalog.FromDirectory(Path.Combine(Repository.Root(), "tests")));

    [Fact]
    public void Every_test_a_docs_page_cites_as_proof_exists()
    {
        var missing = Directory.EnumerateFiles(Docs, "*.md")
            .SelectMany(page => DocCitations.Rows(Path.GetFileName(page), File.ReadAllText(page)))
            .SelectMany(row => DocCitations.Citations(row[DocCitations.ProvedBy]).Select(test => (row, test)))
            .Where(cited => !Catalog.Value.Contains(cited.test))
            .Select(cited => $"{cited.row.Page}:{cited.row.Line} cites {cited.test}")
            .ToList();

        Assert.True(missing.Count == 0, "Cited tests that do not exist:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void Every_threat_model_row_names_a_control_and_a_test_or_says_why_not()
    {
        var rows = DocCitations.Rows("threat-model.md", File.ReadAllText(Path.Combine(Docs, "threat-model.md"))).ToList();

        Assert.NotEmpty(rows);
        Assert.All(rows, row =>
        {
            Assert.False(string.IsNullOrWhiteSpace(row["Control"]), $"threat-model.md:{row.Line} has no control");
            var proof = row[DocCitations.ProvedBy];
            var reasoned = proof.StartsWith("not covered:", StringComparison.OrdinalIgnoreCase) && proof.Length > "not covered:".Length + 10;
            Assert.True(DocCitations.Citations(proof).Any() || reasoned,
                $"threat-model.md:{row.Line} cites no test and gives no 'not covered: <reason>'");
        });
    }

    [Fact]
    public void A_citation_of_a_test_that_does_not_exist_is_caught()
    {
        var catalog = TestCatalog.FromSources(["""
            public abstract class StoreConformance { [Fact] public async Task Finds_a_trace_by_id() { } }
            public sealed class EmbeddedConformance : StoreConformance { [Theory] [InlineData(1)] public void Keeps_order(int n) { } }
            """]);

        Assert.True(catalog.Contains("EmbeddedConformance.Keeps_order"));
        Assert.True(catalog.Contains("EmbeddedConformance.Finds_a_trace_by_id"));
        Assert.True(catalog.Contains("EmbeddedConformance.*"));
        Assert.False(catalog.Contains("EmbeddedConformance.Finds_a_trace_by_name"));
        Assert.False(catalog.Contains("ElasticConformance.Finds_a_trace_by_id"));
    }

    [Fact]
    public void A_test_whose_data_holds_brackets_in_strings_is_found()
    {
        var catalog = TestCatalog.FromSources([""""
            public sealed class ReceiverTests
            {
                [Theory]
                [InlineData("[1, 2]")]
                [InlineData(@"[""a""]")]
                [InlineData("""{"spans":[]}""")]
                public async Task Answers_400(string body) { }

                [Fact]
                public void Answers_200() { }
            }
            """"]);

        Assert.True(catalog.Contains("ReceiverTests.Answers_400"));
        Assert.True(catalog.Contains("ReceiverTests.Answers_200"));
    }
}
