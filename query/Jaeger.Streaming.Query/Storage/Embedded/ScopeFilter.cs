using System.Text;
using System.Text.Json;
using Jaeger.Streaming.Schemas.Storage;
using Microsoft.Data.Sqlite;

namespace Jaeger.Streaming.Query.Storage.Embedded;

/// <summary>
/// A <see cref="ReadScope"/> as SQL: the tenant, and the exact service names its patterns permit, resolved from the
/// tenant's <c>operations</c> rows inside the read's snapshot. Every query of the read then filters on
/// <c>tenant = @tenant</c> and <c>service IN (…)</c>, so depths and counts are those of the permitted rows.
/// </summary>
internal sealed class ScopeFilter
{
    private readonly string? _servicesJson;

    private ScopeFilter(ReadScope scope, List<string>? services)
    {
        Scope = scope;
        PermitsNothing = services is { Count: 0 };
        _servicesJson = services is null ? null : JsonSerializer.Serialize(services);
    }

    public ReadScope Scope { get; }

    /// <summary>True when the tenant has no service the scope permits: every read finds nothing.</summary>
    public bool PermitsNothing { get; }

    public static ScopeFilter Resolve(SqliteConnection connection, ReadScope scope)
    {
        if (scope.PermitsAllServices)
        {
            return new ScopeFilter(scope, null);
        }

        var permitted = new List<string>();
        if (!scope.PermitsNoService)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT DISTINCT service FROM operations WHERE tenant = @tenant";
            command.Parameters.AddWithValue("@tenant", scope.Tenant);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var service = reader.GetString(0);
                if (scope.Permits(service))
                {
                    permitted.Add(service);
                }
            }
        }

        return new ScopeFilter(scope, permitted);
    }

    /// <summary>Binds <c>@tenant</c>, and <c>@services</c> when the scope limits services.</summary>
    public void Bind(SqliteCommand command)
    {
        command.Parameters.AddWithValue("@tenant", Scope.Tenant);
        if (_servicesJson is not null)
        {
            command.Parameters.AddWithValue("@services", _servicesJson);
        }
    }

    /// <summary>A condition true for the rows whose <paramref name="column"/> the scope permits (<c>1</c> when it permits all).</summary>
    public string Permits(string column) =>
        _servicesJson is null ? "1" : $"{column} IN (SELECT value FROM json_each(@services))";

    /// <summary>Appends <c> AND </c> and <see cref="Permits"/> when the scope limits services.</summary>
    public StringBuilder AppendServiceCondition(StringBuilder sql, string column) =>
        _servicesJson is null ? sql : sql.Append(" AND ").Append(Permits(column));
}
