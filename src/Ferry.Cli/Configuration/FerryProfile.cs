using System.Text.Json;

namespace Ferry.Cli.Configuration;

/// <summary>
/// Resolves the server and key: flags first, then the environment (<c>FERRY_URL</c>, <c>FERRY_KEY</c>), then the profile
/// file (<c>--profile</c>, <c>FERRY_PROFILE</c>, or <c>$XDG_CONFIG_HOME/ferry/profile.json</c>, by default
/// <c>~/.config/ferry/profile.json</c>: <c>{"url": "...", "key": "..."}</c>), then <see cref="FerryConnection.DefaultUrl"/>.
/// </summary>
public static class FerryProfile
{
    public const string UrlVariable = "FERRY_URL";
    public const string KeyVariable = "FERRY_KEY";
    public const string ProfileVariable = "FERRY_PROFILE";

    /// <summary>The connection, or the reason it cannot be made (a profile that is not valid JSON, a URL that is not absolute).</summary>
    public static (FerryConnection? Connection, string? Error) Resolve(string? urlFlag, string? keyFlag, string? profileFlag)
    {
        var profilePath = profileFlag ?? Environment.GetEnvironmentVariable(ProfileVariable) ?? DefaultPath();
        string? profileUrl = null, profileKey = null;
        if (File.Exists(profilePath))
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(profilePath));
                profileUrl = Read(document.RootElement, "url");
                profileKey = Read(document.RootElement, "key");
            }
            catch (JsonException e)
            {
                return (null, $"the profile {profilePath} is not valid JSON ({e.Message})");
            }
        }
        else if (profileFlag is not null)
        {
            return (null, $"the profile {profileFlag} does not exist");
        }

        var url = First(urlFlag, Environment.GetEnvironmentVariable(UrlVariable), profileUrl) ?? FerryConnection.DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return (null, $"'{url}' is not an http(s) URL (--url, {UrlVariable} or the profile's url)");
        }

        return (new FerryConnection(uri, First(keyFlag, Environment.GetEnvironmentVariable(KeyVariable), profileKey)), null);
    }

    private static string DefaultPath()
    {
        var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(config, "ferry", "profile.json");
    }

    private static string? Read(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
