using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Embedded;
using Microsoft.Data.Sqlite;

namespace Jaeger.Streaming.Query.Storage.Embedded;

/// <summary>
/// The service map (<see cref="ITraceReader.GetDependenciesAsync"/>) as one SQL aggregation: each child span that
/// starts in the window is joined to its parent span through the unique <c>(tenant, trace_id, span_id)</c> index,
/// and the pairs of different services are counted.
/// </summary>
internal static class ServiceMap
{
    public static List<ServiceDependency> Load(SqliteConnection connection, ScopeFilter scope, TimeWindow window, CancellationToken cancellationToken)
    {
        var links = new List<ServiceDependency>();
        if (scope.PermitsNothing)
        {
            return links;
        }

        // +child.tenant keeps SQLite on the start-time index: a window is usually a small part of what a tenant stored.
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT parent.service, child.service, count(*), total(child.error)
            FROM spans AS child
            JOIN spans AS parent
              ON parent.tenant = child.tenant AND parent.trace_id = child.trace_id AND parent.span_id = child.parent_span_id
            WHERE +child.tenant = @tenant
              AND child.start_ns BETWEEN @start AND @end
              AND child.parent_span_id IS NOT NULL
              AND parent.service <> child.service
              AND {scope.Permits("parent.service")} AND {scope.Permits("child.service")}
            GROUP BY parent.service, child.service
            """;
        scope.Bind(command);
        command.Parameters.AddWithValue("@start", StoredSpan.UnixNanos(window.Start));
        command.Parameters.AddWithValue("@end", StoredSpan.UnixNanos(window.End));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            links.Add(new ServiceDependency(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), (long)reader.GetDouble(3)));
        }

        // Sorted here rather than in SQL: SQLite orders UTF-8 bytes, the contract orders UTF-16 code units.
        links.Sort(static (a, b) =>
        {
            var byParent = string.CompareOrdinal(a.Parent, b.Parent);
            return byParent != 0 ? byParent : string.CompareOrdinal(a.Child, b.Child);
        });
        return links;
    }
}
