using System.Security.Cryptography;
using System.Text;
using Jaeger.Streaming.Ingester.Redaction;
using Jaeger.Streaming.Testing;

namespace Jaeger.Streaming.Redaction.Tests;

public sealed class HashingTests
{
    private static SpanRedactor HashingEmails(byte[] key) => Redact.Redactor(options => options.Detectors.Email.Action = "hash", key);

    [Fact]
    public void Gives_the_same_token_for_the_same_email_in_two_spans()
    {
        var redactor = HashingEmails(Redact.HashKey);
        var first = Redact.SpanWith(Otlp.Attr("user", "bob@example.com"));
        var second = Redact.SpanWith(Otlp.Attr("message", "reset sent to bob@example.com"));

        redactor.Redact([Otlp.ResourceSpans("shop", first), Otlp.ResourceSpans("mailer", second)]);

        var token = first.Attributes[0].Value.StringValue;
        Assert.Matches("^\\[HASH:[0-9a-f]{16}\\]$", token);
        Assert.Equal($"reset sent to {token}", second.Attributes[0].Value.StringValue);
    }

    [Fact]
    public void Gives_a_different_token_under_a_different_key()
    {
        var otherKey = "another-secret-key-of-32-bytes!!"u8.ToArray();

        var token = Redact.Attribute("bob@example.com", redactor: HashingEmails(Redact.HashKey));
        var otherToken = Redact.Attribute("bob@example.com", redactor: HashingEmails(otherKey));

        Assert.NotEqual(token, otherToken);
    }

    [Fact]
    public void Gives_different_tokens_for_different_emails() =>
        Assert.NotEqual(
            Redact.Attribute("bob@example.com", redactor: HashingEmails(Redact.HashKey)),
            Redact.Attribute("alice@example.com", redactor: HashingEmails(Redact.HashKey)));

    [Fact]
    public void Is_keyed_rather_than_a_plain_hash_of_the_value()
    {
        var plain = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("bob@example.com")))[..16];

        var token = Redact.Attribute("bob@example.com", redactor: HashingEmails(Redact.HashKey));

        Assert.Equal($"[HASH:{Convert.ToHexStringLower(HMACSHA256.HashData(Redact.HashKey, Encoding.UTF8.GetBytes("bob@example.com")))[..16]}]", token);
        Assert.DoesNotContain(plain, token);
    }
}
