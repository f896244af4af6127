namespace Jaeger.Streaming.Schemas.Storage;

/// <summary>
/// What a tenant is to storage: a name every backend can keep apart from every other without escaping.
/// The ingester takes it from a record's <c>x-tenant</c> header; the query service from the caller's token.
/// </summary>
/// <remarks>
/// A valid name is 1 to <see cref="MaxLength"/> characters: lowercase ASCII letters, digits, <c>-</c> and <c>_</c>,
/// starting with a letter or a digit. Lowercase only, so a case-insensitive engine (Elasticsearch index names, file
/// systems) can never fold two tenants into one; no separators or wildcards, so a name is safe in an index name, a
/// path or a query without escaping.
/// </remarks>
public static class TenantName
{
    /// <summary>
    /// The tenant of records that carry no <c>x-tenant</c> header (or an empty one), and the tenant the query service
    /// reads when tenancy is off. A producer configured with the tenant <c>default</c> shares it.
    /// </summary>
    public const string Default = "default";

    /// <summary>The longest valid name.</summary>
    public const int MaxLength = 64;

    /// <summary>The rule, for error messages that say how to fix a name.</summary>
    public const string Rule = "a tenant name is 1-64 characters of lowercase letters, digits, '-' and '_', starting with a letter or digit";

    /// <summary>Whether <paramref name="name"/> follows <see cref="Rule"/>.</summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || !IsLetterOrDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsLetterOrDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws when <paramref name="name"/> is not valid; writers and readers call this before touching data.</summary>
    public static void Require(string? name, string parameterName)
    {
        if (!IsValid(name))
        {
            throw new ArgumentException($"Tenant '{name}' is not valid: {Rule}.", parameterName);
        }
    }

    private static bool IsLetterOrDigit(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
