using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Ferry.Infra.Tests;

/// <summary>The bicep CLI of the Azure.Bicep.CommandLine.linux-x64 package this project restores.</summary>
internal static class Bicep
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static string Executable { get; } = FindExecutable();

    public static async Task<BicepResult> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repository.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Executable}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} ran longer than {Timeout}");
        }

        return new BicepResult(string.Join(' ', arguments), process.ExitCode, await output, await error);
    }

    private static string FindExecutable()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            throw new PlatformNotSupportedException("The bicep CLI comes from Azure.Bicep.CommandLine.linux-x64: these tests run on linux-x64");
        }

        var package = typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "BicepPackageDirectory")?.Value;
        if (string.IsNullOrEmpty(package))
        {
            throw new InvalidOperationException("BicepPackageDirectory is not set: restore tests/Ferry.Infra.Tests (GeneratePathProperty on the bicep package)");
        }

        var executable = Path.Combine(package, "tools", "bicep");
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException($"No bicep CLI in the restored package at {package}", executable);
        }

        // NuGet does not always keep the executable bit when it extracts a package.
        var mode = File.GetUnixFileMode(executable);
        if (!mode.HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(executable, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        return executable;
    }
}
