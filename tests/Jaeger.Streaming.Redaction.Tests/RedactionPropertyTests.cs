using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Redaction.Tests;

/// <summary>Whatever the text around it and wherever it sits in a span, no part of a secret survives redaction.</summary>
public sealed class RedactionPropertyTests
{
    private static readonly Ingester.Redaction.SpanRedactor Redactor = Redact.Redactor();

    /// <summary>Every place a span carries text that reaches storage.</summary>
    private enum Place
    {
        SpanAttribute,
        ResourceAttribute,
        ScopeAttribute,
        EventAttribute,
        LinkAttribute,
        SpanName,
        EventName,
        NestedInArray,
        NestedInList,
    }

    private static readonly Gen<Place> Places = Gen.Elements(Enum.GetValues<Place>());

    [Property(MaxTest = 300)]
    public Property No_part_of_an_email_survives_in_any_place() => SecretNeverSurvives(SecretGenerators.Email);

    [Property(MaxTest = 300)]
    public Property No_part_of_a_Luhn_valid_card_survives_in_any_place() => SecretNeverSurvives(SecretGenerators.Card);

    [Property(MaxTest = 300)]
    public Property No_part_of_a_JWT_survives_in_any_place() => SecretNeverSurvives(SecretGenerators.Jwt);

    [Property(MaxTest = 200)]
    public Property Several_secrets_in_one_text_are_all_removed() =>
        Prop.ForAll(
            Gen.ListOf(SecretGenerators.AnySecret, 3).SelectMany(secrets => SecretGenerators.Embed(string.Join(" and ", secrets)).Select(text => (secrets, text))).ToArbitrary(),
            sample =>
            {
                var span = Redact.SpanWith(Otlp.Attr("message", sample.text));
                Redactor.Redact([Otlp.ResourceSpans("shop", span)]);
                var stored = span.ToString();
                return sample.secrets.All(secret => !Survives(secret, stored));
            });

    private static Property SecretNeverSurvives(Gen<string> secrets)
    {
        var samples =
            from secret in secrets
            from text in SecretGenerators.Embed(secret)
            from place in Places
            select (secret, text, place);
        return Prop.ForAll(samples.ToArbitrary(), sample =>
        {
            var resourceSpans = SpanWithTextAt(sample.text, sample.place);
            Redactor.Redact([resourceSpans]);
            return !Survives(sample.secret, resourceSpans.ToString());
        });
    }

    /// <summary>
    /// The whole secret, or its distinctive core (an e-mail's local part with its domain, a card's digits, a JWT's
    /// payload), found in what would be stored.
    /// </summary>
    private static bool Survives(string secret, string stored)
    {
        var compact = stored.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var digits = new string(secret.Where(char.IsAsciiDigit).ToArray());
        return stored.Contains(secret, StringComparison.Ordinal)
            || (secret.Contains('@') && stored.Contains(secret[secret.IndexOf('@')..], StringComparison.Ordinal))
            || (secret.StartsWith("eyJ", StringComparison.Ordinal) && stored.Contains(secret.Split('.')[1], StringComparison.Ordinal))
            || (!secret.Contains('@') && !secret.StartsWith("eyJ", StringComparison.Ordinal) && compact.Contains(digits, StringComparison.Ordinal));
    }

    private static ResourceSpans SpanWithTextAt(string text, Place place)
    {
        var span = Otlp.Span(Otlp.NewTraceId(), "op");
        var resourceSpans = Otlp.ResourceSpans("shop", span);
        switch (place)
        {
            case Place.SpanAttribute:
                span.Attributes.Add(Otlp.Attr("message", text));
                break;
            case Place.ResourceAttribute:
                resourceSpans.Resource.Attributes.Add(Otlp.Attr("deployment.note", text));
                break;
            case Place.ScopeAttribute:
                resourceSpans.ScopeSpans[0].Scope.Attributes.Add(Otlp.Attr("note", text));
                break;
            case Place.EventAttribute:
                span.Events.Add(new Span.Types.Event { Name = "log", Attributes = { Otlp.Attr("log.message", text) } });
                break;
            case Place.LinkAttribute:
                span.Links.Add(new Span.Types.Link { TraceId = Otlp.NewTraceId().Bytes, SpanId = Otlp.NewSpanId(), Attributes = { Otlp.Attr("note", text) } });
                break;
            case Place.SpanName:
                span.Name = text;
                break;
            case Place.EventName:
                span.Events.Add(new Span.Types.Event { Name = text });
                break;
            case Place.NestedInArray:
                span.Attributes.Add(new KeyValue { Key = "lines", Value = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { StringValue = "ok" }, new AnyValue { StringValue = text } } } } });
                break;
            case Place.NestedInList:
                span.Attributes.Add(new KeyValue { Key = "payload", Value = new AnyValue { KvlistValue = new KeyValueList { Values = { Otlp.Attr("body", text) } } } });
                break;
        }

        return resourceSpans;
    }
}
