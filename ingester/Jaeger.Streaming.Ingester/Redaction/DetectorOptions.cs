namespace Jaeger.Streaming.Ingester.Redaction;

/// <summary>
/// The value detectors, each on or off with its own action. All are on and mask by default, except
/// <see cref="Ip"/>, which is off: addresses are usually infrastructure, not personal data.
/// </summary>
public sealed class DetectorOptions
{
    /// <summary>E-mail addresses (<c>email</c>).</summary>
    public DetectorSettings Email { get; set; } = new();

    /// <summary>Luhn-valid payment card numbers with a known issuer prefix, plain or grouped by spaces or dashes (<c>card</c>).</summary>
    public DetectorSettings Card { get; set; } = new();

    /// <summary>US social security numbers written <c>123-45-6789</c> (<c>ssn</c>).</summary>
    public DetectorSettings Ssn { get; set; } = new();

    /// <summary>Checksum-valid IBANs, plain or grouped by spaces (<c>iban</c>).</summary>
    public DetectorSettings Iban { get; set; } = new();

    /// <summary>Phone numbers in international form, <c>+</c> then 8–15 digits (<c>phone</c>).</summary>
    public DetectorSettings Phone { get; set; } = new();

    /// <summary>JSON web tokens (<c>jwt</c>).</summary>
    public DetectorSettings Jwt { get; set; } = new();

    /// <summary><c>Bearer</c>/<c>Basic</c> credentials and <c>password=…</c>-style assignments in text (<c>credential</c>).</summary>
    public DetectorSettings Credential { get; set; } = new();

    /// <summary>Well-known access key formats: AWS, GitHub, GitLab, Slack, Google, Stripe, npm (<c>access_key</c>).</summary>
    public DetectorSettings AccessKey { get; set; } = new();

    /// <summary>PEM private-key blocks (<c>private_key</c>).</summary>
    public DetectorSettings PrivateKey { get; set; } = new();

    /// <summary>IPv4 and IPv6 addresses (<c>ip</c>). Off by default.</summary>
    public DetectorSettings Ip { get; set; } = new() { Enabled = false };
}

/// <summary>Whether one detector runs, and what it does to what it finds.</summary>
public sealed class DetectorSettings
{
    public bool Enabled { get; set; } = true;

    /// <summary><c>mask</c>, <c>hash</c>, or <c>drop</c> (removes the whole attribute). Defaults to mask.</summary>
    public string Action { get; set; } = "mask";
}
