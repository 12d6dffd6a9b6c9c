using System.Text.Json;

namespace Ferry.Server.Configuration;

/// <summary>
/// Loads <c>local.settings.json</c> the way Azure Functions users know it: <c>{"Values": {"Okta:OrgUrl": "…"},
/// "ConnectionStrings": {"Storage": "…"}}</c>, found in the working directory or the nearest parent folder (the
/// repository root), git-ignored because it may hold an Okta token. It sits below environment variables and the
/// command line, which override it. See local.settings.sample.json for every key.
/// </summary>
public static class LocalSettings
{
    public const string FileName = "local.settings.json";

    public static string? Find(string startDirectory)
    {
        for (var directory = new DirectoryInfo(startDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Flattens the file into configuration keys: Values as given (':' or '__'), ConnectionStrings under ConnectionStrings:.</summary>
    public static Dictionary<string, string?> Read(Stream stream)
    {
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (document.RootElement.TryGetProperty("Values", out var values) && values.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in values.EnumerateObject())
            {
                settings[property.Name.Replace("__", ":", StringComparison.Ordinal)] = Text(property.Value);
            }
        }

        if (document.RootElement.TryGetProperty("ConnectionStrings", out var connections) && connections.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in connections.EnumerateObject())
            {
                settings[$"ConnectionStrings:{property.Name}"] = Text(property.Value);
            }
        }

        return settings;
    }

    /// <summary>
    /// Inserts the file's settings just before the environment variables, so the environment still overrides. The file
    /// is watched: an edit reloads it (what Ferry re-reads then, <c>Ferry:Api:Keys</c>, docs/configuration.md).
    /// </summary>
    public static void AddTo(ConfigurationManager configuration, string startDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (Find(startDirectory) is not { } path)
        {
            return;
        }

        var source = new LocalSettingsSource
        {
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(System.IO.Path.GetDirectoryName(path)!),
            Path = FileName,
            Optional = true, // deleted later: its settings go
            ReloadOnChange = true,
        };
        var sources = configuration.Sources;
        var environment = sources.Select((s, i) => (s, i)).FirstOrDefault(p => p.s is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource);
        if (environment.s is null)
        {
            sources.Add(source);
        }
        else
        {
            sources.Insert(environment.i, source);
        }
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => value.GetRawText(),
    };

    private sealed class LocalSettingsSource : FileConfigurationSource
    {
        public override IConfigurationProvider Build(IConfigurationBuilder builder)
        {
            EnsureDefaults(builder);
            return new LocalSettingsProvider(this);
        }
    }

    private sealed class LocalSettingsProvider(LocalSettingsSource source) : FileConfigurationProvider(source)
    {
        private bool _loaded;

        public override void Load(Stream stream)
        {
            try
            {
                Data = Read(stream);
                _loaded = true;
            }
            catch (JsonException) when (_loaded)
            {
                // Caught mid-write: keep what was read last; the write's end is a change of its own and reloads it.
            }
        }
    }
}
