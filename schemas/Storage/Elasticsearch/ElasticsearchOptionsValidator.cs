namespace Jaeger.Streaming.Schemas.Storage.Elasticsearch;

/// <summary>
/// Refuses Elasticsearch settings that cannot work, or are insecure without saying so, at start-up. Every failure names
/// the key and the fix, and none contains a secret.
/// </summary>
public static class ElasticsearchOptionsValidator
{
    private const string Section = ElasticsearchOptions.SectionName;

    /// <summary>The reasons the settings cannot be used by <paramref name="role"/>; empty when they can.</summary>
    public static IReadOnlyList<string> Validate(ElasticsearchOptions options, ElasticsearchRole role)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        CheckServers(failures, options);
        CheckTls(failures, options.Tls ?? new ElasticsearchTlsOptions());
        CheckCredentials(failures, options, role);
        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:RequestTimeout '{options.RequestTimeout}' must be positive, for example 00:00:30.");
        }

        if (options.MaxRetries is < 0 or > 100)
        {
            failures.Add($"{Section}:MaxRetries {options.MaxRetries} must be between 0 and 100.");
        }

        if (options.InitialBackoff <= TimeSpan.Zero || options.MaxBackoff < options.InitialBackoff)
        {
            failures.Add($"{Section}:InitialBackoff must be positive and no more than {Section}:MaxBackoff, for example 00:00:00.2 and 00:00:10.");
        }

        if (!string.IsNullOrEmpty(options.IndexPrefix) && !JaegerIndexNames.IsValidName(options.IndexPrefix))
        {
            failures.Add(
                $"{Section}:IndexPrefix '{options.IndexPrefix}' is not usable in an index name; use lowercase letters, digits, '_' and '-', " +
                "starting with a letter or digit, at most 64 characters.");
        }

        if (options.UseAliases && options.TenantIndices)
        {
            failures.Add(
                $"{Section}:UseAliases and {Section}:TenantIndices are both true, but rollover aliases are not created per tenant; " +
                "use daily indices (UseAliases=false) for tenant isolation, or shared indices (TenantIndices=false) with aliases.");
        }

        return failures;
    }

    /// <summary>The insecure choices these settings make on purpose, to be logged as warnings at start.</summary>
    public static IReadOnlyList<string> Warnings(ElasticsearchOptions options, ElasticsearchRole role)
    {
        ArgumentNullException.ThrowIfNull(options);
        var warnings = new List<string>();
        if (options.Servers.Any(s => s.StartsWith("http://", StringComparison.OrdinalIgnoreCase)))
        {
            warnings.Add($"{Section}:AllowPlaintext is true and a server uses http://: spans and credentials travel unencrypted.");
        }

        if (options.Tls?.AllowInsecureSkipCertificateVerification == true)
        {
            warnings.Add($"{Section}:Tls:AllowInsecureSkipCertificateVerification is true: any server is trusted, so anyone on the path can read spans and the credential.");
        }

        if (Credentials(options, role).AllowAnonymous)
        {
            warnings.Add($"{CredentialsKey(role)}:AllowAnonymous is true: Elasticsearch is reached without credentials.");
        }

        return warnings;
    }

    /// <summary>The credential <paramref name="role"/> uses.</summary>
    public static ElasticsearchCredentials Credentials(ElasticsearchOptions options, ElasticsearchRole role) =>
        (role == ElasticsearchRole.Writer ? options.WriteCredentials : options.ReadCredentials) ?? new ElasticsearchCredentials();

    internal static string CredentialsKey(ElasticsearchRole role) =>
        $"{Section}:{(role == ElasticsearchRole.Writer ? nameof(ElasticsearchOptions.WriteCredentials) : nameof(ElasticsearchOptions.ReadCredentials))}";

    private static void CheckServers(List<string> failures, ElasticsearchOptions options)
    {
        if (options.Servers is null || options.Servers.Count == 0)
        {
            failures.Add($"{Section}:Servers is empty; list the cluster's node URLs, for example {Section}:Servers:0=https://es-1:9200.");
            return;
        }

        for (var i = 0; i < options.Servers.Count; i++)
        {
            var server = options.Servers[i];
            if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
                || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo))
            {
                failures.Add($"{Section}:Servers:{i} '{server}' is not an http(s) URL without query or user info; use for example https://es-1:9200 and put credentials in {Section}:WriteCredentials/ReadCredentials.");
            }
            else if (uri.Scheme == Uri.UriSchemeHttp && !options.AllowPlaintext)
            {
                failures.Add($"{Section}:Servers:{i} '{server}' is plaintext http, which sends spans and credentials unencrypted; use https://, or set {Section}:AllowPlaintext=true to accept that.");
            }
        }
    }

    private static void CheckTls(List<string> failures, ElasticsearchTlsOptions tls)
    {
        const string Tls = Section + ":Tls";
        CheckPem(failures, $"{Tls}:CaFile", tls.CaFile, "-----BEGIN CERTIFICATE-----", "certificate");
        var hasCertificate = !string.IsNullOrWhiteSpace(tls.CertificateFile);
        var hasKey = !string.IsNullOrWhiteSpace(tls.KeyFile);
        if (hasCertificate != hasKey)
        {
            failures.Add($"{Tls}:CertificateFile and {Tls}:KeyFile go together for mTLS; set both or neither.");
        }

        CheckPem(failures, $"{Tls}:CertificateFile", tls.CertificateFile, "-----BEGIN CERTIFICATE-----", "certificate");
        CheckPem(failures, $"{Tls}:KeyFile", tls.KeyFile, "PRIVATE KEY-----", "private key");
    }

    private static void CheckCredentials(List<string> failures, ElasticsearchOptions options, ElasticsearchRole role)
    {
        var key = CredentialsKey(role);
        var credentials = Credentials(options, role);
        var secrets = ElasticsearchSecrets.Sources(credentials, key);
        foreach (var secret in secrets)
        {
            secret.Check(failures);
        }

        var basic = secrets[0].IsSet || !string.IsNullOrWhiteSpace(credentials.Username);
        var kinds = (basic ? 1 : 0) + (secrets[1].IsSet ? 1 : 0) + (secrets[2].IsSet ? 1 : 0);
        if (kinds > 1)
        {
            failures.Add($"{key} sets more than one of Username/Password, ApiKey and BearerToken; keep exactly one way to authenticate.");
        }
        else if (basic && (string.IsNullOrWhiteSpace(credentials.Username) || !secrets[0].IsSet))
        {
            failures.Add($"{key}:Username and {key}:PasswordFile (or Password) go together; set both.");
        }
        else if (kinds == 0 && !credentials.AllowAnonymous)
        {
            var what = role == ElasticsearchRole.Writer ? "the ingester's writer" : "the query service's read-only";
            failures.Add($"{key} is empty; set {what} credential (Username and PasswordFile, ApiKeyFile or BearerTokenFile), or set {key}:AllowAnonymous=true for a cluster without security.");
        }

        if (role == ElasticsearchRole.Reader && kinds > 0 && SameIdentity(credentials, options.WriteCredentials))
        {
            failures.Add($"{key} is the same as {Section}:WriteCredentials; the query service must use its own read-only credential (role with read and view_index_metadata on jaeger-*).");
        }
    }

    private static bool SameIdentity(ElasticsearchCredentials read, ElasticsearchCredentials? write) =>
        write is not null && (
            (!string.IsNullOrWhiteSpace(read.Username) && string.Equals(read.Username, write.Username, StringComparison.Ordinal))
            || Same(read.ApiKeyFile, write.ApiKeyFile) || Same(read.ApiKey, write.ApiKey)
            || Same(read.BearerTokenFile, write.BearerTokenFile) || Same(read.BearerToken, write.BearerToken));

    private static bool Same(string? a, string? b) => !string.IsNullOrWhiteSpace(a) && string.Equals(a, b, StringComparison.Ordinal);

    internal static void CheckPem(List<string> failures, string key, string? path, string marker, string what)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return;
        }

        if (ElasticsearchSecrets.CheckReadable(failures, key, path) is { } text && !text.Contains(marker, StringComparison.Ordinal))
        {
            failures.Add($"{key} '{path}' holds no PEM {what} ({marker}); convert it to PEM, for example with `openssl x509 -outform PEM`.");
        }
    }
}
