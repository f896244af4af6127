using System.Text.RegularExpressions;
using Jaeger.Streaming.Schemas.Kafka;
using Jaeger.Streaming.Testing;
using Microsoft.Extensions.Configuration;

namespace Jaeger.Streaming.Kafka.Tests;

/// <summary>The documented keys, as environment variables would give them, bind to the options.</summary>
public sealed partial class ConfigurationBindingTests
{
    [Theory]
    [InlineData("collector", "SASL_SSL")]
    [InlineData("ingester", "SSL")]
    public void Compose_stack_environment_binds_to_the_options(string service, string protocol)
    {
        var environment = ComposeKafkaEnvironment(service);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(environment).Build();

        var options = configuration.GetSection("Kafka").Get<KafkaConnectionOptions>(o => o.ErrorOnUnknownConfiguration = true)!;

        Assert.Equal(protocol, options.Security.Protocol);
        Assert.Equal("/etc/jaeger/certs/ca.crt", options.Security.Tls.CaFile);
    }

    // The `Kafka__...` environment lines of one service in docker-compose.kafka.yml, as configuration keys.
    private static Dictionary<string, string?> ComposeKafkaEnvironment(string service)
    {
        var compose = File.ReadAllText(Path.Combine(Repository.Root(), "docker-compose.kafka.yml"));
        var block = Regex.Match(compose, $@"^  {service}:\n(?<body>(?:    .*\n|\n)*)", RegexOptions.Multiline).Groups["body"].Value;
        var environment = new Dictionary<string, string?>();
        foreach (Match line in KafkaEnvironmentLine().Matches(block))
        {
            environment[line.Groups["key"].Value.Replace("__", ":", StringComparison.Ordinal)] = line.Groups["value"].Value;
        }

        Assert.NotEmpty(environment);
        return environment;
    }

    [GeneratedRegex(@"^\s+(?<key>Kafka__[A-Za-z_]+):\s+""(?<value>[^""]*)""", RegexOptions.Multiline)]
    private static partial Regex KafkaEnvironmentLine();

    [Fact]
    public void Environment_style_keys_bind_to_every_security_option()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Kafka:BootstrapServers"] = "kafka:9094",
                ["Kafka:Security:Protocol"] = "SASL_SSL",
                ["Kafka:Security:AllowPlaintext"] = "true",
                ["Kafka:Security:Tls:CaFile"] = "/certs/ca.crt",
                ["Kafka:Security:Tls:UseSystemTrustStore"] = "true",
                ["Kafka:Security:Tls:VerifyHostname"] = "false",
                ["Kafka:Security:Tls:AllowInsecureSkipHostnameVerification"] = "true",
                ["Kafka:Security:Tls:CertificateFile"] = "/certs/c.crt",
                ["Kafka:Security:Tls:KeyFile"] = "/certs/c.key",
                ["Kafka:Security:Tls:KeyPassword"] = "kp",
                ["Kafka:Security:Tls:KeyPasswordFile"] = "/run/secrets/kp",
                ["Kafka:Security:Sasl:Mechanism"] = "OAUTHBEARER",
                ["Kafka:Security:Sasl:Username"] = "collector",
                ["Kafka:Security:Sasl:Password"] = "pw",
                ["Kafka:Security:Sasl:PasswordFile"] = "/run/secrets/pw",
                ["Kafka:Security:Sasl:OAuthBearer:TokenEndpointUrl"] = "https://idp/token",
                ["Kafka:Security:Sasl:OAuthBearer:ClientId"] = "jaeger",
                ["Kafka:Security:Sasl:OAuthBearer:ClientSecret"] = "cs",
                ["Kafka:Security:Sasl:OAuthBearer:ClientSecretFile"] = "/run/secrets/cs",
                ["Kafka:Security:Sasl:OAuthBearer:Scope"] = "kafka",
            })
            .Build();

        var options = configuration.GetSection("Kafka").Get<KafkaConnectionOptions>(o => o.ErrorOnUnknownConfiguration = true)!;

        var security = options.Security;
        Assert.Equal(("SASL_SSL", true), (security.Protocol, security.AllowPlaintext));
        Assert.Equal(
            ("/certs/ca.crt", true, false, true, "/certs/c.crt", "/certs/c.key", "kp", "/run/secrets/kp"),
            (security.Tls.CaFile, security.Tls.UseSystemTrustStore, security.Tls.VerifyHostname, security.Tls.AllowInsecureSkipHostnameVerification,
                security.Tls.CertificateFile, security.Tls.KeyFile, security.Tls.KeyPassword, security.Tls.KeyPasswordFile));
        Assert.Equal(("OAUTHBEARER", "collector", "pw", "/run/secrets/pw"), (security.Sasl.Mechanism, security.Sasl.Username, security.Sasl.Password, security.Sasl.PasswordFile));
        var oauth = security.Sasl.OAuthBearer;
        Assert.Equal(("https://idp/token", "jaeger", "cs", "/run/secrets/cs", "kafka"), (oauth.TokenEndpointUrl, oauth.ClientId, oauth.ClientSecret, oauth.ClientSecretFile, oauth.Scope));
    }

    [Fact]
    public void Defaults_are_plaintext_refused_and_hostname_verification_on()
    {
        var options = new ConfigurationBuilder().Build().GetSection("Kafka").Get<KafkaConnectionOptions>() ?? new KafkaConnectionOptions();

        Assert.Equal(("PLAINTEXT", false, true), (options.Security.Protocol, options.Security.AllowPlaintext, options.Security.Tls.VerifyHostname));
    }
}
