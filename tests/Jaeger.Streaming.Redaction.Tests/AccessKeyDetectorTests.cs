namespace Jaeger.Streaming.Redaction.Tests;

public sealed class AccessKeyDetectorTests
{
    [Theory]
    [InlineData("AKIAIOSFODNN7EXAMPLE")]
    [InlineData("ASIAY34FZKBOKMUTVV7A")]
    [InlineData("ghp_16C7e42F292c6912E7710c838347Ae178B4a")]
    [InlineData("gho_16C7e42F292c6912E7710c838347Ae178B4a")]
    [InlineData("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz")]
    [InlineData("glpat-xxxxxxxxxxxxxxxxxxxx")]
    [InlineData("xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx")]
    [InlineData("AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe")]
    [InlineData("sk_live_4eC39HqLyjWDarjtT1zdp7dc")]
    [InlineData("npm_abcdefghijklmnopqrstuvwxyz0123456789")]
    public void Masks_vendor_access_keys(string key) =>
        Assert.Equal("key=[REDACTED:access_key];", Redact.Attribute($"key={key};", key: "note"));

    [Theory]
    [InlineData("AKIA")]
    [InlineData("AKIAshort")]
    [InlineData("XAKIAIOSFODNN7EXAMPLE1")]
    [InlineData("ghp_short")]
    [InlineData("pk_live_4eC39HqLyjWDarjtT1zdp7dc")] // publishable, not secret
    public void Keeps_prefixes_without_a_key_of_the_right_shape(string value) =>
        Assert.Same(value, Redact.Attribute(value));

    [Theory]
    [InlineData("Async upload by AKIAIOSFODNN7EXAMPLE failed", "Async upload by [REDACTED:access_key] failed")]
    [InlineData("AppleWebKit AIzaSyDaGmWKa4jsXZ0HjGw7ISLn03namBGewQe", "AppleWebKit [REDACTED:access_key]")]
    public void Masks_a_key_after_words_that_start_with_A(string value, string expected) =>
        Assert.Equal(expected, Redact.Attribute(value));
}
