namespace Ferry.Cli.Configuration;

/// <summary>Where the Ferry server is and the key to present (<c>x-ferry-key</c>); a null key sends none.</summary>
public sealed record FerryConnection(Uri Url, string? Key)
{
    public const string DefaultUrl = "http://127.0.0.1:7071";
}
