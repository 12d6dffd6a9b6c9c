namespace Ferry.Cli.Tests;

/// <summary>Where the server commands go: --url over FERRY_URL over the profile's url (port 1 refuses every connection).</summary>
public sealed class ConnectionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ferry-cli-profile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Url_FromTheProfile_WhenNoFlagOrEnvironment()
    {
        var run = await FerryCli.RunAsync(["status", "some-job"], Environment(profileUrl: "http://127.0.0.1:1/", envUrl: null));

        Assert.Equal(5, run.ExitCode);
        Assert.Contains("(127.0.0.1:1)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Url_EnvironmentBeatsTheProfile_AndTheFlagBeatsBoth()
    {
        var environment = Environment(profileUrl: "http://127.0.0.1:1/", envUrl: "http://127.0.0.2:1/");

        var fromEnvironment = await FerryCli.RunAsync(["status", "some-job"], environment);
        var fromFlag = await FerryCli.RunAsync(["status", "some-job", "--url", "http://127.0.0.3:1/"], environment);

        Assert.Equal(5, fromEnvironment.ExitCode);
        Assert.Contains("(127.0.0.2:1)", fromEnvironment.Stderr, StringComparison.Ordinal);
        Assert.Equal(5, fromFlag.ExitCode);
        Assert.Contains("(127.0.0.3:1)", fromFlag.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_NotJson_IsAUsageError()
    {
        var path = Path.Combine(_folder, "broken.json");
        await File.WriteAllTextAsync(path, "{ url: ", TestContext.Current.CancellationToken);

        var run = await FerryCli.RunAsync(["list", "--profile", path], null);

        Assert.Equal(64, run.ExitCode);
        Assert.Contains("is not valid JSON", run.Stderr, StringComparison.Ordinal);
    }

    private Dictionary<string, string?> Environment(string profileUrl, string? envUrl)
    {
        var config = Path.Combine(_folder, "config");
        Directory.CreateDirectory(Path.Combine(config, "ferry"));
        File.WriteAllText(Path.Combine(config, "ferry", "profile.json"), $$"""{"url":"{{profileUrl}}","key":"k"}""");
        var environment = new Dictionary<string, string?> { ["XDG_CONFIG_HOME"] = config };
        if (envUrl is not null)
        {
            environment["FERRY_URL"] = envUrl;
        }

        return environment;
    }
}
