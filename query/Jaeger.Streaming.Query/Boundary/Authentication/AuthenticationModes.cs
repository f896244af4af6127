namespace Jaeger.Streaming.Query.Boundary.Authentication;

/// <summary>The credentials the API accepts; <see cref="None"/> accepts no credential and asks for none.</summary>
[Flags]
internal enum AuthenticationModes
{
    None = 0,
    Jwt = 1,
    Tokens = 2,
}

/// <summary>Parses <see cref="AuthenticationOptions.Mode"/>: <c>none</c>, or <c>jwt</c> and/or <c>tokens</c> separated by commas.</summary>
internal static class AuthenticationModeNames
{
    public const string Expected = "use 'jwt', 'tokens', 'jwt,tokens', or 'none' to serve traces without authentication";

    public static bool TryParse(string? text, out AuthenticationModes modes, out string? problem)
    {
        modes = AuthenticationModes.None;
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "is not set";
            return false;
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts is [var single] && single.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var part in parts)
        {
            var mode = part.ToLowerInvariant() switch
            {
                "jwt" => AuthenticationModes.Jwt,
                "tokens" => AuthenticationModes.Tokens,
                _ => (AuthenticationModes?)null,
            };
            if (mode is null)
            {
                problem = $"'{text}' is not a mode ('{part}' is unknown, and 'none' cannot be combined)";
                modes = AuthenticationModes.None;
                return false;
            }

            modes |= mode.Value;
        }

        return true;
    }
}
