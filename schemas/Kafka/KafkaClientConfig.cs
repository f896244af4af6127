namespace Jaeger.Streaming.Schemas.Kafka;

/// <summary>
/// Maps <see cref="KafkaConnectionOptions"/> to librdkafka configuration: the same properties for the collector's
/// producer and the ingester's consumer and DLQ producer, so both ends of the topic connect alike.
/// </summary>
/// <example>
/// <code>var config = new ProducerConfig(KafkaClientConfig.For(kafka)) { Acks = Acks.All, ... };</code>
/// Confluent's configs wrap the dictionary they are given, so every call returns a new one.
/// </example>
public static class KafkaClientConfig
{
    /// <summary>The librdkafka keys whose values are secrets, shown as <c>***</c> by <see cref="Redact"/>.</summary>
    public static readonly IReadOnlySet<string> SecretKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "sasl.password", "ssl.key.password", "sasl.oauthbearer.client.secret", "ssl.key.pem", "ssl.keystore.password",
    };

    /// <summary>
    /// <c>bootstrap.servers</c> plus the security properties, with secrets read from their files now.
    /// Throws <see cref="KafkaSecurityException"/> (listing every problem, and no secret) when the settings are invalid.
    /// </summary>
    public static Dictionary<string, string> For(KafkaConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (KafkaSecurityValidator.Validate(options) is { Count: > 0 } failures)
        {
            throw new KafkaSecurityException(failures);
        }

        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["bootstrap.servers"] = options.BootstrapServers,
        };
        var security = options.Security ?? new KafkaSecurityOptions();
        var protocol = KafkaSecurityProtocol.Normalize(security.Protocol)!;
        properties["security.protocol"] = protocol.ToLowerInvariant();
        if (KafkaSecurityProtocol.UsesTls(protocol))
        {
            AddTls(properties, security.Tls ?? new KafkaTlsOptions());
        }

        if (KafkaSecurityProtocol.UsesSasl(protocol))
        {
            AddSasl(properties, security.Sasl!);
        }

        return properties;
    }

    /// <summary>Applies <see cref="For"/> through a setter, for example a Confluent <c>ClientConfig.Set</c>.</summary>
    public static void Apply(KafkaConnectionOptions options, Action<string, string> set)
    {
        ArgumentNullException.ThrowIfNull(set);
        foreach (var (key, value) in For(options))
        {
            set(key, value);
        }
    }

    /// <summary>A copy of librdkafka properties that is safe to log: secret values become <c>***</c>.</summary>
    public static IReadOnlyDictionary<string, string> Redact(IEnumerable<KeyValuePair<string, string>> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var redacted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in properties)
        {
            redacted[key] = SecretKeys.Contains(key) ? SecretSource.Hidden : value;
        }

        return redacted;
    }

    private static void AddTls(Dictionary<string, string> properties, KafkaTlsOptions tls)
    {
        // librdkafka's statically linked OpenSSL knows no system path of its own; `probe` searches the usual ones.
        properties["ssl.ca.location"] = tls.UseSystemTrustStore ? "probe" : tls.CaFile!;
        properties["ssl.endpoint.identification.algorithm"] = tls.VerifyHostname ? "https" : "none";
        if (!string.IsNullOrWhiteSpace(tls.CertificateFile))
        {
            properties["ssl.certificate.location"] = tls.CertificateFile;
            properties["ssl.key.location"] = tls.KeyFile!;
            var keyPassword = KafkaSecurityValidator.KeyPassword(tls);
            if (keyPassword.IsSet)
            {
                properties["ssl.key.password"] = keyPassword.Read();
            }
        }
    }

    private static void AddSasl(Dictionary<string, string> properties, KafkaSaslOptions sasl)
    {
        var mechanism = KafkaSaslMechanism.Normalize(sasl.Mechanism)!;
        properties["sasl.mechanism"] = mechanism;
        if (KafkaSaslMechanism.UsesPassword(mechanism))
        {
            properties["sasl.username"] = sasl.Username!;
            properties["sasl.password"] = KafkaSecurityValidator.Password(sasl).Read();
            return;
        }

        var oauth = sasl.OAuthBearer!;
        properties["sasl.oauthbearer.method"] = "oidc";
        properties["sasl.oauthbearer.token.endpoint.url"] = oauth.TokenEndpointUrl!;
        properties["sasl.oauthbearer.client.id"] = oauth.ClientId!;
        properties["sasl.oauthbearer.client.secret"] = KafkaSecurityValidator.ClientSecret(oauth).Read();
        if (!string.IsNullOrWhiteSpace(oauth.Scope))
        {
            properties["sasl.oauthbearer.scope"] = oauth.Scope;
        }
    }
}
