namespace Jaeger.Streaming.Redaction.Tests;

public sealed class DefaultDenyListTests
{
    [Theory]
    [InlineData("password")]
    [InlineData("db.password")]
    [InlineData("PASSWD")]
    [InlineData("user.passphrase")]
    [InlineData("client_secret")]
    [InlineData("auth_token")]
    [InlineData("refreshToken")]
    [InlineData("api_key")]
    [InlineData("apikey")]
    [InlineData("x-api-key")]
    [InlineData("Authorization")]
    [InlineData("cookie")]
    [InlineData("session")]
    [InlineData("jsessionid")]
    [InlineData("aws.credentials")]
    [InlineData("tls.private_key")]
    [InlineData("rpc.grpc.request.metadata.authorization")]
    public void Masks_keys_on_the_deny_list(string key) =>
        Assert.Equal("[REDACTED:key]", Redact.Attribute("plain-value", key));

    [Theory]
    [InlineData("p\u0430ssword", "Cyrillic a")]
    [InlineData("db.\u0440\u0430ssw\u043Erd", "Cyrillic p, a and o")]
    [InlineData("client_s\u0435cr\u0435t", "Cyrillic e")]
    [InlineData("auth_t\u03BFken", "Greek omicron")]
    [InlineData("\u0410uthorization", "Cyrillic capital A")]
    [InlineData("\uFF50\uFF41\uFF53\uFF53\uFF57\uFF4F\uFF52\uFF44", "full-width letters")]
    [InlineData("api_\u212Aey", "the Kelvin sign")]
    [InlineData("\U0001D429\U0001D41A\U0001D42C\U0001D42C\U0001D430\U0001D428\U0001D42B\U0001D41D", "mathematical bold letters")]
    [InlineData("\U0001D683oken", "a mathematical monospace t")]
    [InlineData("pass\u200Bword", "a zero-width space")]
    [InlineData("sess\u00ADion", "a soft hyphen")]
    [InlineData("x-api-k\u200De\u0443", "a zero-width joiner and Cyrillic y")]
    public void Masks_deny_list_keys_written_with_lookalike_or_invisible_characters(string key, string trick)
    {
        Assert.False(System.Text.Ascii.IsValid(key), trick);
        Assert.Equal("[REDACTED:key]", Redact.Attribute("plain-value", key));
    }

    [Theory]
    [InlineData("\u043F\u0430\u0440\u043E\u043B\u044C")]
    [InlineData("gr\u00F6\u00DFe")]
    [InlineData("s\u0435ssion.duration")]
    [InlineData("t\u043Eken_count")]
    public void Keeps_non_ascii_keys_that_fold_to_no_deny_list_word(string key) =>
        Assert.Equal("plain-value", Redact.Attribute("plain-value", key));

    [Theory]
    [InlineData("http.request.header.authorization")]
    [InlineData("http.request.header.cookie")]
    [InlineData("http.response.header.set-cookie")]
    [InlineData("http.request.header.x-api-key")]
    [InlineData("http.request.header.x-amz-security-token")]
    [InlineData("HTTP.REQUEST.HEADER.PROXY-AUTHORIZATION")]
    public void Masks_sensitive_HTTP_header_attributes_as_headers(string key) =>
        Assert.Equal("[REDACTED:header]", Redact.Attribute("plain-value", key));

    [Fact]
    public void Masks_a_header_given_as_a_string_array()
    {
        var span = Redact.SpanWith(new OpenTelemetry.Proto.Common.V1.KeyValue
        {
            Key = "http.request.header.cookie",
            Value = new() { ArrayValue = new() { Values = { new OpenTelemetry.Proto.Common.V1.AnyValue { StringValue = "sid=abc" } } } },
        });

        Redact.Redactor().Redact([Testing.Otlp.ResourceSpans("shop", span)]);

        Assert.Equal("[REDACTED:header]", Redact.Find(span.Attributes, "http.request.header.cookie")!.Value.StringValue);
    }

    [Theory]
    [InlineData("gen_ai.usage.input_tokens")]
    [InlineData("llm.token_count.prompt")]
    [InlineData("session.duration")]
    [InlineData("http.request.header.x-request-id")]
    [InlineData("http.request.header.content-type")]
    [InlineData("messaging.kafka.message.key")]
    [InlineData("keyboard.layout")]
    [InlineData("aws.access_key_id")]
    [InlineData("enduser.id")]
    public void Keeps_keys_that_only_resemble_deny_list_words(string key) =>
        Assert.Equal("plain-value", Redact.Attribute("plain-value", key));

    [Fact]
    public void Can_be_turned_off() =>
        Assert.Equal("plain-value", Redact.Attribute("plain-value", "password", Redact.Redactor(options => options.UseDefaultDenyList = false)));

    /// <summary>The two keys share length and first, middle and last characters, so the verdict cache puts them in one slot.</summary>
    [Fact]
    public void Gives_lookalike_keys_each_their_own_verdict_however_often_they_alternate()
    {
        var redactor = Redact.Redactor();
        for (var round = 0; round < 3; round++)
        {
            Assert.Equal("[REDACTED:key]", Redact.Attribute("abc", "x.secret.y", redactor));
            Assert.Equal("abc", Redact.Attribute("abc", "x.secrex.y", redactor));
        }
    }
}
