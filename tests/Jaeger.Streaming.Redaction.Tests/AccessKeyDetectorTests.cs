using Jaeger.Streaming.Ingester.Redaction.Detectors;

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

    /// <summary>One key of each prefix the detector knows, in the shape its pattern requires.</summary>
    public static TheoryData<string> KeyOfEachPrefix =>
    [
        .. new[] { "AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AIPA", "ANPA", "ANVA", "APKA", "AROA" }.Select(prefix => prefix + "IOSFODNN7EXAMPLE"),
        .. new[] { "ghp_", "gho_", "ghu_", "ghs_", "ghr_" }.Select(prefix => prefix + "16C7e42F292c6912E7710c838347Ae178B4a"),
        "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
        "glpat-xxxxxxxxxxxxxxxxxxxx",
        "xoxp-123456789012-1234567890123",
        "AIzaSyDaGmWKa4jsXZ0HjGw7ISLn03namBGewQe",
        .. new[] { "sk_live_", "sk_test_", "rk_live_", "rk_test_" }.Select(prefix => prefix + "4eC39HqLyjWDarjtT1zdp7dc"),
        "npm_abcdefghijklmnopqrstuvwxyz0123456789",
    ];

    // The text profile looks for these prefixes only where a mark of one is (J, -, _ or A and a capital): a key that
    // is the whole value, with no separator around it, must still be found.
    [Theory]
    [MemberData(nameof(KeyOfEachPrefix))]
    public void Masks_a_key_that_is_the_whole_value(string key) =>
        Assert.Equal("[REDACTED:access_key]", Redact.Attribute(key));

    [Fact]
    public void Every_prefix_the_detector_knows_has_a_key_above()
    {
        var keys = KeyOfEachPrefix.Select(row => row.Data).ToList();
        Assert.All(AccessKeyDetector.KeyPrefixes, prefix => Assert.Contains(keys, key => key.StartsWith(prefix, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("Async upload by AKIAIOSFODNN7EXAMPLE failed", "Async upload by [REDACTED:access_key] failed")]
    [InlineData("AppleWebKit AIzaSyDaGmWKa4jsXZ0HjGw7ISLn03namBGewQe", "AppleWebKit [REDACTED:access_key]")]
    public void Masks_a_key_after_words_that_start_with_A(string value, string expected) =>
        Assert.Equal(expected, Redact.Attribute(value));
}
