using System.Diagnostics;

namespace Ferry.Cli.Tests;

/// <summary>
/// Runs the real, built <c>ferry</c> command (<c>dotnet ferry.dll</c>) as a child process: with stdout redirected, or
/// under a pseudo-terminal (util-linux <c>script</c>) to see the live display. The environment carries no
/// FERRY_* variable and no profile unless a test gives one.
/// </summary>
public static class FerryCli
{
    public static string Dll { get; } = Path.Combine(RepositoryPaths.Root, "src", "Ferry.Cli", "bin", RepositoryPaths.Configuration, "net10.0", "ferry.dll");

    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(args, null);

    public static async Task<CliRun> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        Isolate(info, environment);
        return await RunProcessAsync(info);
    }

    /// <summary>Runs <c>ferry</c> under a pseudo-terminal: stdout is a terminal, as for a person at a shell.</summary>
    public static async Task<CliRun> RunInTerminalAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment)
    {
        var command = string.Join(' ', new[] { "dotnet", Dll }.Concat(args).Select(Quote));
        var info = new ProcessStartInfo("script")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in new[] { "-qefc", command, "/dev/null" })
        {
            info.ArgumentList.Add(arg);
        }

        Isolate(info, environment);
        info.Environment["TERM"] = "xterm-256color";
        info.Environment["COLUMNS"] = "160";
        return await RunProcessAsync(info);
    }

    private static void Isolate(ProcessStartInfo info, IReadOnlyDictionary<string, string?>? environment)
    {
        foreach (var name in new[] { "FERRY_URL", "FERRY_KEY", "FERRY_PROFILE", "NO_COLOR" })
        {
            info.Environment.Remove(name);
        }

        // No profile of the machine's user: a config folder of the test's own.
        info.Environment["XDG_CONFIG_HOME"] = Path.Combine(Path.GetTempPath(), "ferry-tests", "no-config");
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }
    }

    private static async Task<CliRun> RunProcessAsync(ProcessStartInfo info)
    {
        using var process = Process.Start(info)!;
        if (info.RedirectStandardInput)
        {
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ferry did not exit: {await stdout}\n{await stderr}");
        }

        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
