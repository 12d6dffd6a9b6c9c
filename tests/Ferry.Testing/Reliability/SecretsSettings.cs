namespace Ferry.Testing.Reliability;

/// <summary>The secrets scenario's size; the defaults are the full-size run.</summary>
public sealed record SecretsSettings
{
    /// <summary>A CI-sized run: every kind of secret and every path, fewer rows.</summary>
    public static SecretsSettings Short { get; } = new() { Rows = 210, Timeout = TimeSpan.FromMinutes(3) };

    /// <summary>Valid rows, each with a password or a hash (the algorithms in turn); invalid and rejected rows come on top.</summary>
    public int Rows { get; init; } = 3000;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Ferry authenticates as an OAuth 2.0 service app (PrivateKey mode, DPoP required) instead of with the API token:
    /// the private key and every access token the org issued are looked for too.
    /// </summary>
    public bool ServiceApp { get; init; }
}
