using System.Diagnostics;
using System.Text.Json;

namespace Ferry.Functions.Tests;

/// <summary>
/// The Function App as <c>dotnet publish</c> leaves it — what a deployment uploads. The test command publishes it to
/// <c>artifacts/functions</c> before the tests; when that is missing (a test run on its own) this publishes it.
/// </summary>
public sealed class PublishedApp
{
    private static readonly Lazy<Task<PublishedApp>> Published = new(PublishAsync);

    private PublishedApp(string directory) => Directory = directory;

    public string Directory { get; }

    public static Task<PublishedApp> GetAsync() => Published.Value;

    public JsonDocument Json(string relativePath) => JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, relativePath)));

    private static async Task<PublishedApp> PublishAsync()
    {
        var directory = Path.Combine(RepositoryPaths.Root, "artifacts", "functions");
        if (File.Exists(Path.Combine(directory, "functions.metadata")))
        {
            return new PublishedApp(directory);
        }

        var start = new ProcessStartInfo("dotnet", ["publish", Path.Combine(RepositoryPaths.Root, "src", "Ferry.Functions"), "-c", "Release", "-o", directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dotnet publish failed:\n{await output}\n{await errors}");
        return new PublishedApp(directory);
    }
}
