namespace Jaeger.Streaming.Redaction.Tests;

public sealed class PaymentCardDetectorTests
{
    [Theory]
    [InlineData("4111111111111111")]
    [InlineData("4111 1111 1111 1111")]
    [InlineData("4111-1111-1111-1111")]
    [InlineData("5500 0000 0000 0004")]
    [InlineData("3782 822463 10005")]
    [InlineData("6011000990139424")]
    [InlineData("2223003122003222")]
    public void Masks_Luhn_valid_card_numbers_plain_or_grouped(string card) =>
        Assert.Equal("[REDACTED:card]", Redact.Attribute(card));

    [Fact]
    public void Masks_a_card_inside_text_and_keeps_the_text() =>
        Assert.Equal("paid with [REDACTED:card] on 2024-05-01", Redact.Attribute("paid with 4111 1111 1111 1111 on 2024-05-01"));

    [Fact]
    public void Masks_a_card_followed_by_more_digit_groups() =>
        Assert.Equal("[REDACTED:card] 2024", Redact.Attribute("4111 1111 1111 1111 2024"));

    [Theory]
    [InlineData("4111111111111112")] // fails Luhn
    [InlineData("4111 1111 1111 1112")]
    [InlineData("1700000000123456789")] // nanosecond timestamp: no issuer starts with 1
    [InlineData("1234567812345670")] // Luhn-valid, but no issuer starts with 1
    [InlineData("9999999999999995")]
    [InlineData("123e4567-e89b-12d3-a456-426614174000")] // UUID
    [InlineData("11111111-2222-3333-4444-555555555555")] // all-digit UUID
    [InlineData("4bf92f3577b34da6a3ce929d0e0e4736")] // trace id
    [InlineData("ORD-2024-000123")]
    [InlineData("0.4111111111111111")]
    public void Keeps_numbers_that_are_not_cards(string value) =>
        Assert.Same(value, Redact.Attribute(value));

    [Theory]
    [InlineData("order 7 of customer 12 was paid by card 4111 1111 1111 1111", "order 7 of customer 12 was paid by card [REDACTED:card]")]
    [InlineData("v2: 4111-1111-1111-1111", "v2: [REDACTED:card]")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 paid 5500000000000004", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 paid [REDACTED:card]")]
    public void Masks_a_card_after_other_numbers_near_or_far(string value, string expected) =>
        Assert.Equal(expected, Redact.Attribute(value));

    [Theory]
    [InlineData("ref x4111 4111 1111 1111 1111", "ref x4111 [REDACTED:card]")]
    [InlineData("\u0664 4111111111111111", "[REDACTED:card]")] // the run starts at the Arabic-Indic digit, so the mask takes it too
    [InlineData("\u06644111111111111111", "[REDACTED:card]")]
    public void Masks_a_card_whose_run_starts_glued_to_a_word_or_after_a_non_ASCII_digit(string value, string expected) =>
        Assert.Equal(expected, Redact.Attribute(value));
}
