using Jaeger.Streaming.Ingester.Redaction;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Redaction.Tests;

public sealed class OptionsValidationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("redaction-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static ServiceProvider Services(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value)))
            .Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSpanRedaction()
            .BuildServiceProvider();
    }

    private static string Failure(params (string Key, string? Value)[] settings)
    {
        using var services = Services(settings);
        return Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RedactionOptions>>().Value).Message;
    }

    private string KeyFile(string content)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Is_enabled_with_the_default_deny_list_when_nothing_is_configured()
    {
        using var services = Services();

        var options = services.GetRequiredService<IOptions<RedactionOptions>>().Value;

        Assert.True(options.Enabled);
        Assert.True(options.UseDefaultDenyList);
        Assert.False(options.Detectors.Ip.Enabled);
        Assert.Equal("[REDACTED:key]", Redact.Attribute("x", "password", services.GetRequiredService<SpanRedactor>()));
    }

    [Fact]
    public void Refuses_a_hash_rule_without_a_hash_key_and_names_the_key()
    {
        var message = Failure(("Ingester:Redaction:Rules:0:Key", "user.id"), ("Ingester:Redaction:Rules:0:Action", "hash"));

        Assert.Contains("Ingester:Redaction:HashKeyFile is required", message);
        Assert.Contains("Ingester:Redaction:Rules:0:Action", message);
    }

    [Fact]
    public void Refuses_a_hashing_detector_without_a_hash_key() =>
        Assert.Contains("Ingester:Redaction:HashKeyFile is required because Ingester:Redaction:Detectors:Email:Action", Failure(("Ingester:Redaction:Detectors:Email:Action", "hash")));

    [Fact]
    public void Refuses_a_hash_key_file_that_does_not_exist() =>
        Assert.Contains("Ingester:Redaction:HashKeyFile", Failure(("Ingester:Redaction:HashKeyFile", Path.Combine(_directory, "missing"))));

    [Fact]
    public void Refuses_a_short_hash_key_without_showing_it()
    {
        var message = Failure(("Ingester:Redaction:HashKeyFile", KeyFile("tiny-key\n")));

        Assert.Contains("8-byte key; use at least 16 bytes", message);
        Assert.DoesNotContain("tiny-key", message);
    }

    [Fact]
    public void Hashes_with_the_key_read_from_the_file()
    {
        using var services = Services(
            ("Ingester:Redaction:HashKeyFile", KeyFile("0123456789abcdef0123456789abcdef\n")),
            ("Ingester:Redaction:Detectors:Email:Action", "hash"));

        var token = Redact.Attribute("bob@example.com", redactor: services.GetRequiredService<SpanRedactor>());

        Assert.Equal(Redact.Attribute("bob@example.com", redactor: Redact.Redactor(options => options.Detectors.Email.Action = "hash", Redact.HashKey)), token);
    }

    [Fact]
    public void Refuses_an_unknown_action_naming_the_key_and_the_choices() =>
        Assert.Contains("Ingester:Redaction:Rules:0:Action 'erase' is not an action; use drop, mask or hash", Failure(("Ingester:Redaction:Rules:0:Key", "k"), ("Ingester:Redaction:Rules:0:Action", "erase")));

    [Fact]
    public void Refuses_a_rule_with_neither_key_nor_value() =>
        Assert.Contains("Ingester:Redaction:Rules:0 has neither Key nor Value", Failure(("Ingester:Redaction:Rules:0:Action", "mask")));

    [Fact]
    public void Refuses_an_invalid_regex() =>
        Assert.Contains("Ingester:Redaction:Rules:0:Key is not a valid regular expression", Failure(("Ingester:Redaction:Rules:0:Key", "user.(name"), ("Ingester:Redaction:Rules:0:Match", "regex")));

    [Fact]
    public void Refuses_an_unknown_match_kind() =>
        Assert.Contains("Ingester:Redaction:Rules:0:Match 'fuzzy' is not a match kind", Failure(("Ingester:Redaction:Rules:0:Key", "k"), ("Ingester:Redaction:Rules:0:Match", "fuzzy")));

    [Fact]
    public void Refuses_an_unknown_detector_in_a_service_override() =>
        Assert.Contains("Ingester:Redaction:Services:billing:DisabledDetectors 'mail' is not a detector", Failure(("Ingester:Redaction:Services:billing:DisabledDetectors:0", "mail")));

    [Fact]
    public void Binds_rules_and_service_overrides_from_JSON_configuration()
    {
        const string json = """
            { "Ingester": { "Redaction": {
                "Rules": [ { "Key": "customer.*", "Action": "drop" }, { "Name": "customer", "Value": "CUST-[0-9]{8}" } ],
                "Services": { "support": { "AllowKeys": [ "customer.email" ] } }
            } } }
            """;
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddSpanRedaction().BuildServiceProvider();
        var redactor = services.GetRequiredService<SpanRedactor>();

        Assert.Null(Redact.Attribute("Ada", "customer.name", redactor));
        Assert.Equal("ref [REDACTED:customer]", Redact.Attribute("ref CUST-12345678", "note", redactor));
    }
}
