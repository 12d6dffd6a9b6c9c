namespace Ferry.Cli.Tests;

/// <summary>
/// The key goes to the server the CLI is given, and nowhere else: a server that answers a redirect (to a second
/// loopback server that records what reaches it) gets a clear error back, and the target never sees the key.
/// </summary>
public sealed class RedirectTests : IDisposable
{
    private const string Key = "ferry-key-that-must-not-travel";

    private readonly string _folder = Directory.CreateTempSubdirectory("ferry-cli-redirect-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<int, string> Commands => new()
    {
        { 307, "status job-1" },
        { 302, "status job-1" },
        { 301, "list" },
        { 308, "approve job-1" },
        { 307, "report job-1 --name failed.csv" },
        { 307, "migrate {file}" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Command_AgainstAServerThatRedirects_FailsNamingTheStatus_AndTheTargetNeverGetsTheKey(int status, string command)
    {
        await using var target = await LoopbackServer.StartAsync();
        await using var server = await LoopbackServer.StartAsync(LoopbackServer.Redirect(status, target.BaseAddress));
        var file = Path.Combine(_folder, "users.csv");
        await File.WriteAllTextAsync(file, "email,firstName,lastName\nann@example.com,Ann,Lee\n", TestContext.Current.CancellationToken);
        string[] args = [.. command.Replace("{file}", file, StringComparison.Ordinal).Split(' '), "--url", server.BaseAddress.ToString(), "--key", Key];

        var run = await FerryCli.RunAsync(args, null);

        Assert.Equal(5, run.ExitCode);
        Assert.Contains($"{status}", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("not followed", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, run.Stderr + run.Stdout, StringComparison.Ordinal);
        Assert.Equal(Key, Assert.Single(server.Requests).Headers["x-ferry-key"]);
        Assert.Empty(target.Requests);
    }
}
