using Jaeger.Streaming.Schemas.Storage;

namespace Jaeger.Streaming.Storage.Tests.Contract;

/// <summary>The service pattern language of read scopes: <c>*</c> is any run of characters, everything else is literal.</summary>
public sealed class ServicePatternBehaviour
{
    [Theory]
    [InlineData("*", "", true)]
    [InlineData("*", "anything at all", true)]
    [InlineData("**", "x", true)]
    [InlineData("a*", "a", true)]
    [InlineData("*a", "a", true)]
    [InlineData("a*a", "a", false)]
    [InlineData("a*a", "aa", true)]
    [InlineData("ab*ba", "aba", false)]
    [InlineData("*ab*ab*", "xabyab", true)]
    [InlineData("*ab*ab*", "xaby", false)]
    [InlineData("a*b*c", "abbc", true)]
    [InlineData("a*b*c", "acbc", true)]
    [InlineData("a*b*c", "acc", false)]
    [InlineData("svc", "SVC", false)]
    [InlineData("é*", "éclair", true)]
    public void Matches_by_the_glob_rules(string pattern, string service, bool matches) =>
        Assert.Equal(matches, ServicePattern.Parse(pattern).Matches(service));

    [Fact]
    public void A_pattern_without_a_star_is_exact()
    {
        var pattern = ServicePattern.Parse("checkout");

        Assert.True(pattern.IsExact);
        Assert.Equal(["checkout"], pattern.Segments);
    }

    [Fact]
    public void Segments_are_the_literal_parts_between_stars()
    {
        var pattern = ServicePattern.Parse("a*b*");

        Assert.False(pattern.IsExact);
        Assert.Equal(["a", "b", ""], pattern.Segments);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void An_empty_pattern_is_refused_saying_what_to_write(string? text)
    {
        Assert.False(ServicePattern.TryParse(text, out _, out var error));
        Assert.Contains("'checkout-*'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_overlong_pattern_is_refused_with_the_limit()
    {
        var error = Assert.Throws<ArgumentException>(() => ServicePattern.Parse(new string('a', ServicePattern.MaxLength + 1)));

        Assert.Contains(ServicePattern.MaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }
}
