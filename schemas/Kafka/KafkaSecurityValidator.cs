namespace Jaeger.Streaming.Schemas.Kafka;

/// <summary>
/// Refuses Kafka security settings that cannot work or are insecure without saying so, at start-up rather than at the
/// first connection. Every failure names the keys and the fix, and none contains a secret.
/// </summary>
public static class KafkaSecurityValidator
{
    internal const string Section = "Kafka:Security";
    internal const string Tls = Section + ":Tls";
    internal const string Sasl = Section + ":Sasl";
    internal const string OAuth = Sasl + ":OAuthBearer";

    private static readonly string Protocols = string.Join(", ", KafkaSecurityProtocol.All[..^1]) + " or " + KafkaSecurityProtocol.All[^1];
    private static readonly string Mechanisms = string.Join(", ", KafkaSaslMechanism.All[..^1]) + " or " + KafkaSaslMechanism.All[^1];

    /// <summary>The reasons <paramref name="options"/>' security settings cannot be used; empty when they can.</summary>
    public static IReadOnlyList<string> Validate(KafkaConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var security = options.Security ?? new KafkaSecurityOptions();
        var failures = new List<string>();
        var protocol = KafkaSecurityProtocol.Normalize(security.Protocol);
        if (protocol is null)
        {
            failures.Add($"{Section}:Protocol '{security.Protocol}' is not supported; use {Protocols}.");
            return failures;
        }

        CheckPlaintext(failures, security, protocol);
        if (KafkaSecurityProtocol.UsesTls(protocol))
        {
            CheckTls(failures, security.Tls ?? new KafkaTlsOptions(), protocol);
        }
        else
        {
            RefuseIgnored(failures, TlsKeysSet(security.Tls), $"{Section}:Protocol is {protocol}, so TLS is off", "use SSL or SASL_SSL");
        }

        if (KafkaSecurityProtocol.UsesSasl(protocol))
        {
            CheckSasl(failures, security, protocol);
        }
        else
        {
            RefuseIgnored(failures, SaslKeysSet(security.Sasl), $"{Section}:Protocol is {protocol}, so SASL is off", "use SASL_SSL");
        }

        return failures;
    }

    /// <summary>The insecure choices these settings make on purpose, to be logged as warnings at start.</summary>
    public static IReadOnlyList<string> Warnings(KafkaConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var warnings = new List<string>();
        var security = options.Security ?? new KafkaSecurityOptions();
        var protocol = KafkaSecurityProtocol.Normalize(security.Protocol);
        if (security.AllowPlaintext && protocol is KafkaSecurityProtocol.Plaintext or KafkaSecurityProtocol.SaslPlaintext)
        {
            warnings.Add($"{Section}:AllowPlaintext is true and {Section}:Protocol is {protocol}: spans travel to Kafka unencrypted, readable and alterable on the network.");
        }

        if (protocol is not null && KafkaSecurityProtocol.UsesTls(protocol) && security.Tls is { VerifyHostname: false, AllowInsecureSkipHostnameVerification: true })
        {
            warnings.Add($"{Tls}:AllowInsecureSkipHostnameVerification is true: any certificate signed by the trusted CA is accepted for any broker.");
        }

        return warnings;
    }

    private static void CheckPlaintext(List<string> failures, KafkaSecurityOptions security, string protocol)
    {
        if (security.AllowPlaintext || KafkaSecurityProtocol.UsesTls(protocol))
        {
            return;
        }

        var what = protocol == KafkaSecurityProtocol.Plaintext
            ? "sends spans unencrypted and unauthenticated"
            : "sends spans, and PLAIN passwords, unencrypted";
        failures.Add(
            $"{Section}:Protocol is {protocol}, which {what}; use SASL_SSL or SSL, " +
            $"or set {Section}:AllowPlaintext=true to accept that (for loopback or test brokers only).");
    }

    private static void CheckTls(List<string> failures, KafkaTlsOptions tls, string protocol)
    {
        var hasCa = !string.IsNullOrWhiteSpace(tls.CaFile);
        if (!hasCa && !tls.UseSystemTrustStore)
        {
            failures.Add(
                $"{Section}:Protocol is {protocol} but no CA is configured; set {Tls}:CaFile to the brokers' CA bundle (PEM), " +
                $"or set {Tls}:UseSystemTrustStore=true to trust the system's CAs.");
        }
        else if (hasCa && tls.UseSystemTrustStore)
        {
            failures.Add($"{Tls}:CaFile and {Tls}:UseSystemTrustStore=true are both set; librdkafka takes one trust source, so keep one.");
        }

        SecurityFile.CheckPem(failures, $"{Tls}:CaFile", tls.CaFile, "-----BEGIN CERTIFICATE-----", "certificate",
            "librdkafka needs PEM; convert it, for example with `openssl x509 -inform DER -outform PEM` or `keytool -exportcert -rfc` from a JKS truststore.");

        if (!tls.VerifyHostname && !tls.AllowInsecureSkipHostnameVerification)
        {
            failures.Add(
                $"{Tls}:VerifyHostname is false, which lets any certificate from the CA impersonate the brokers; set it back to true " +
                $"(give the brokers certificates that name their hosts), or also set {Tls}:AllowInsecureSkipHostnameVerification=true to accept that.");
        }

        CheckClientCertificate(failures, tls);
    }

    private static void CheckClientCertificate(List<string> failures, KafkaTlsOptions tls)
    {
        var hasCertificate = !string.IsNullOrWhiteSpace(tls.CertificateFile);
        var hasKey = !string.IsNullOrWhiteSpace(tls.KeyFile);
        if (hasCertificate != hasKey)
        {
            var (set, missing) = hasCertificate ? ("CertificateFile", "KeyFile") : ("KeyFile", "CertificateFile");
            failures.Add($"{Tls}:{set} is set without {Tls}:{missing}; mTLS needs both the client certificate and its private key, so set both or neither.");
        }

        SecurityFile.CheckPem(failures, $"{Tls}:CertificateFile", tls.CertificateFile, "-----BEGIN CERTIFICATE-----", "certificate",
            "librdkafka needs PEM; convert it, for example with `openssl x509 -outform PEM`.");
        SecurityFile.CheckPem(failures, $"{Tls}:KeyFile", tls.KeyFile, "PRIVATE KEY-----", "private key",
            "librdkafka needs PEM; convert it, for example with `openssl pkcs8 -topk8`.");

        var keyPassword = KeyPassword(tls);
        if (keyPassword.IsSet && !hasKey)
        {
            failures.Add($"{Tls}:KeyPassword or {Tls}:KeyPasswordFile is set without {Tls}:KeyFile; set the key file it unlocks, or remove it.");
        }

        keyPassword.Check(failures);
    }

    private static void CheckSasl(List<string> failures, KafkaSecurityOptions security, string protocol)
    {
        var sasl = security.Sasl ?? new KafkaSaslOptions();
        if (string.IsNullOrWhiteSpace(sasl.Mechanism))
        {
            failures.Add($"{Sasl}:Mechanism is required when {Section}:Protocol is {protocol}; use {Mechanisms}.");
            return;
        }

        var mechanism = KafkaSaslMechanism.Normalize(sasl.Mechanism);
        if (mechanism is null)
        {
            failures.Add($"{Sasl}:Mechanism '{sasl.Mechanism}' is not supported; use {Mechanisms}.");
            return;
        }

        if (KafkaSaslMechanism.UsesPassword(mechanism))
        {
            CheckPasswordLogin(failures, sasl, mechanism);
        }
        else
        {
            CheckOAuthBearer(failures, security, sasl.OAuthBearer ?? new KafkaOAuthBearerOptions());
        }
    }

    private static void CheckPasswordLogin(List<string> failures, KafkaSaslOptions sasl, string mechanism)
    {
        if (string.IsNullOrWhiteSpace(sasl.Username))
        {
            failures.Add($"{Sasl}:Username is required for {mechanism}; set the principal's name.");
        }

        var password = Password(sasl);
        if (!password.IsSet)
        {
            failures.Add($"{Sasl}:PasswordFile (or {Sasl}:Password) is required for {mechanism}; point it at a file holding the principal's password.");
        }

        password.Check(failures);
        RefuseIgnored(failures, OAuthKeysSet(sasl.OAuthBearer), $"{Sasl}:Mechanism is {mechanism}", "use OAUTHBEARER");
    }

    private static void CheckOAuthBearer(List<string> failures, KafkaSecurityOptions security, KafkaOAuthBearerOptions oauth)
    {
        if (string.IsNullOrWhiteSpace(oauth.TokenEndpointUrl))
        {
            failures.Add($"{OAuth}:TokenEndpointUrl is required for OAUTHBEARER; set the identity provider's token endpoint, for example https://idp.example.com/oauth2/token.");
        }
        else if (!Uri.TryCreate(oauth.TokenEndpointUrl, UriKind.Absolute, out var endpoint)
            || !(endpoint.Scheme == Uri.UriSchemeHttps || (endpoint.Scheme == Uri.UriSchemeHttp && security.AllowPlaintext)))
        {
            failures.Add(
                $"{OAuth}:TokenEndpointUrl '{oauth.TokenEndpointUrl}' is not an absolute https URL; the client secret is sent to it, so use https://..." +
                $" (http only with {Section}:AllowPlaintext=true).");
        }

        if (string.IsNullOrWhiteSpace(oauth.ClientId))
        {
            failures.Add($"{OAuth}:ClientId is required for OAUTHBEARER; set the OAuth client id registered for this service.");
        }

        var secret = ClientSecret(oauth);
        if (!secret.IsSet)
        {
            failures.Add($"{OAuth}:ClientSecretFile (or {OAuth}:ClientSecret) is required for OAUTHBEARER; point it at a file holding the client secret.");
        }

        secret.Check(failures);
        var sasl = security.Sasl!;
        RefuseIgnored(failures, PasswordLoginKeysSet(sasl), $"{Sasl}:Mechanism is OAUTHBEARER", "use PLAIN or SCRAM");
    }

    // A setting that would be silently ignored usually means the operator believes something is on that is not.
    private static void RefuseIgnored(List<string> failures, List<string> keys, string because, string fix)
    {
        foreach (var key in keys)
        {
            failures.Add($"{key} is set but {because} and it would be ignored; {fix}, or remove it.");
        }
    }

    private static List<string> TlsKeysSet(KafkaTlsOptions? tls) => tls is null ? [] : KeysSet(
        ($"{Tls}:CaFile", tls.CaFile),
        ($"{Tls}:UseSystemTrustStore", tls.UseSystemTrustStore ? "true" : null),
        ($"{Tls}:CertificateFile", tls.CertificateFile),
        ($"{Tls}:KeyFile", tls.KeyFile),
        ($"{Tls}:KeyPassword", tls.KeyPassword),
        ($"{Tls}:KeyPasswordFile", tls.KeyPasswordFile));

    private static List<string> SaslKeysSet(KafkaSaslOptions? sasl) => sasl is null ? [] :
        [.. KeysSet(($"{Sasl}:Mechanism", sasl.Mechanism)), .. PasswordLoginKeysSet(sasl), .. OAuthKeysSet(sasl.OAuthBearer)];

    private static List<string> PasswordLoginKeysSet(KafkaSaslOptions sasl) => KeysSet(
        ($"{Sasl}:Username", sasl.Username),
        ($"{Sasl}:Password", sasl.Password),
        ($"{Sasl}:PasswordFile", sasl.PasswordFile));

    private static List<string> OAuthKeysSet(KafkaOAuthBearerOptions? oauth) => oauth is null ? [] : KeysSet(
        ($"{OAuth}:TokenEndpointUrl", oauth.TokenEndpointUrl),
        ($"{OAuth}:ClientId", oauth.ClientId),
        ($"{OAuth}:ClientSecret", oauth.ClientSecret),
        ($"{OAuth}:ClientSecretFile", oauth.ClientSecretFile),
        ($"{OAuth}:Scope", oauth.Scope));

    private static List<string> KeysSet(params (string Key, string? Value)[] settings) =>
        [.. settings.Where(s => !string.IsNullOrWhiteSpace(s.Value)).Select(s => s.Key)];

    internal static SecretSource Password(KafkaSaslOptions sasl) => new($"{Sasl}:Password", sasl.Password, $"{Sasl}:PasswordFile", sasl.PasswordFile);

    internal static SecretSource KeyPassword(KafkaTlsOptions tls) => new($"{Tls}:KeyPassword", tls.KeyPassword, $"{Tls}:KeyPasswordFile", tls.KeyPasswordFile);

    internal static SecretSource ClientSecret(KafkaOAuthBearerOptions oauth) =>
        new($"{OAuth}:ClientSecret", oauth.ClientSecret, $"{OAuth}:ClientSecretFile", oauth.ClientSecretFile);
}
