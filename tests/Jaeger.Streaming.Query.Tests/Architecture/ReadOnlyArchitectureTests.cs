using Jaeger.Streaming.Ingester.Storage.Embedded;
using Jaeger.Streaming.Query.Tests.Http;
using Jaeger.Streaming.Schemas.Storage;

namespace Jaeger.Streaming.Query.Tests.Architecture;

/// <summary>
/// B3, read-only by construction: nothing on the write side is reachable from the query assembly. Adding a reference
/// to the ingester, or a type implementing <see cref="ITraceWriter"/>, to the query project fails
/// <see cref="Query_assembly_reaches_nothing_on_the_write_side"/>; the tests of the check below show it finds exactly that.
/// </summary>
public sealed class ReadOnlyArchitectureTests
{
    [Fact]
    public void Query_assembly_reaches_nothing_on_the_write_side()
    {
        Assert.Empty(WriteSideReferences.In(typeof(QueryHosting).Assembly));
    }

    [Fact]
    public void Check_finds_the_writer_in_an_assembly_that_has_one()
    {
        var found = WriteSideReferences.In(typeof(EmbeddedStorageServiceCollectionExtensions).Assembly);

        Assert.Contains("uses type Jaeger.Streaming.Schemas.Storage.ITraceWriter", found);
        Assert.Contains("defines Jaeger.Streaming.Ingester.Storage.Embedded.EmbeddedTraceWriter, an ITraceWriter", found);
        Assert.Contains("references assembly Confluent.Kafka", found);
    }

    [Fact]
    public void Check_finds_a_reference_to_the_ingester_assembly()
    {
        // This test project references the ingester to write test data: exactly what the query project must not do.
        var found = WriteSideReferences.In(typeof(ReadOnlyArchitectureTests).Assembly);

        Assert.Contains("references assembly Jaeger.Streaming.Ingester", found);
        Assert.Contains($"uses type {typeof(EmbeddedStorageServiceCollectionExtensions).FullName}", found);
    }

    [Fact]
    public async Task Query_host_has_no_trace_writer_and_opens_the_embedded_store_read_only()
    {
        await using var host = await QueryHost.StartAsync(new Dictionary<string, string?> { ["Query:Authentication:Mode"] = "none" });

        Assert.Null(host.Service<IServiceProvider>().GetService(typeof(ITraceWriter)));
        var reader = host.Service<ITraceReader>();
        var connectionStrings = reader.GetType()
            .GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
            .Where(f => f.FieldType == typeof(string))
            .Select(f => (string?)f.GetValue(reader))
            .Where(v => v?.Contains("Data Source", StringComparison.OrdinalIgnoreCase) == true)
            .ToList();
        Assert.NotEmpty(connectionStrings);
        Assert.All(connectionStrings, c => Assert.Contains("Mode=ReadOnly", c, StringComparison.Ordinal));
    }
}
