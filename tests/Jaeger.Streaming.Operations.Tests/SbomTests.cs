using System.Text.Json.Nodes;
using System.Xml.Linq;
using Jaeger.Streaming.Sbom;
using Jaeger.Streaming.Testing;

namespace Jaeger.Streaming.Operations.Tests;

public sealed class SbomTests : IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("sbom-").FullName;

    [Fact]
    public void Ingester_sbom_lists_confluent_kafka_at_its_locked_version_with_the_lock_files_hash()
    {
        var bom = Generate("jaeger-streaming-ingester");

        var kafka = Components(bom).Single(c => (string?)c["name"] == "Confluent.Kafka");
        Assert.Equal(CentralVersion("Confluent.Kafka"), (string?)kafka["version"]);
        Assert.Equal($"pkg:nuget/Confluent.Kafka@{CentralVersion("Confluent.Kafka")}", (string?)kafka["purl"]);
        var hash = kafka["hashes"]!.AsArray().Single()!;
        Assert.Equal("SHA-512", (string?)hash["alg"]);
        Assert.Equal(Convert.ToHexStringLower(Convert.FromBase64String(LockedHash("ingester/Jaeger.Streaming.Ingester.Host", "Confluent.Kafka"))), (string?)hash["content"]);
    }

    [Fact]
    public void Every_deployable_gets_a_cyclonedx_document_covering_each_package_of_its_lock_file()
    {
        foreach (var (name, project) in Deployables.All)
        {
            var bom = Generate(name);

            Assert.Equal("CycloneDX", (string?)bom["bomFormat"]);
            Assert.Equal(name, (string?)bom["metadata"]!["component"]!["name"]);
            var listed = Components(bom).Select(c => (string?)c["purl"]).ToHashSet();
            var locked = LockFile.Read(Path.Combine(Repository.Root(), project, "packages.lock.json"));
            Assert.NotEmpty(locked);
            Assert.All(locked, package => Assert.Contains(package.Purl, listed));
        }
    }

    [Fact]
    public void Transitive_dependencies_are_recorded_on_the_package_that_pulls_them_in()
    {
        var bom = Generate("jaeger-streaming-ingester");

        var kafka = bom["dependencies"]!.AsArray().Single(d => ((string?)d!["ref"])!.StartsWith("pkg:nuget/Confluent.Kafka@", StringComparison.Ordinal))!;
        Assert.Contains(kafka["dependsOn"]!.AsArray(), d => ((string?)d)!.StartsWith("pkg:nuget/librdkafka.redist@", StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_lock_files_give_the_same_document()
    {
        Write("first");
        Write("second");

        Assert.Equal(
            File.ReadAllText(Path.Combine(_output, "first", "jaeger-streaming-query.cdx.json")),
            File.ReadAllText(Path.Combine(_output, "second", "jaeger-streaming-query.cdx.json")));
    }

    private void Write(string folder) =>
        Deployables.WriteAll(Repository.Root(), Path.Combine(_output, folder), "1.0.0", DateTimeOffset.UnixEpoch);

    private JsonObject Generate(string deployable)
    {
        Write("bom");
        return JsonNode.Parse(File.ReadAllText(Path.Combine(_output, "bom", $"{deployable}.cdx.json")))!.AsObject();
    }

    private static IEnumerable<JsonNode> Components(JsonObject bom) => bom["components"]!.AsArray().Select(c => c!);

    private static string CentralVersion(string package) =>
        XDocument.Load(Path.Combine(Repository.Root(), "Directory.Packages.props"))
            .Descendants("PackageVersion").Single(e => (string?)e.Attribute("Include") == package).Attribute("Version")!.Value;

    private static string LockedHash(string project, string package) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root(), project, "packages.lock.json")))!["dependencies"]!["net10.0"]![package]!["contentHash"]!.GetValue<string>();

    public void Dispose() => Directory.Delete(_output, recursive: true);
}
