namespace Jaeger.Streaming.Ingester.Redaction.Detectors;

/// <summary>Names in mask markers (<c>[REDACTED:email]</c>), summaries, and <c>DisabledDetectors</c>.</summary>
internal static class DetectorNames
{
    public const string Email = "email";
    public const string Card = "card";
    public const string Ssn = "ssn";
    public const string Iban = "iban";
    public const string Phone = "phone";
    public const string Jwt = "jwt";
    public const string Credential = "credential";
    public const string AccessKey = "access_key";
    public const string PrivateKey = "private_key";
    public const string Ip = "ip";
    public const string Url = "url";
    public const string Sql = "sql";

    /// <summary>Attributes redacted by the default deny-list, or a key rule without a name.</summary>
    public const string Key = "key";

    /// <summary>Sensitive HTTP header attributes (<c>http.request.header.authorization</c>…) redacted by the default deny-list.</summary>
    public const string Header = "header";

    /// <summary>Matches of a value rule without a name.</summary>
    public const string Value = "value";

    public static readonly string[] Switchable = [Email, Card, Ssn, Iban, Phone, Jwt, Credential, AccessKey, PrivateKey, Ip, Url, Sql];
}
