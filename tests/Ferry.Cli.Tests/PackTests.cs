using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;

namespace Ferry.Cli.Tests;

/// <summary><c>dotnet pack</c> of src/Ferry.Cli makes a .NET tool package whose command is <c>ferry</c>.</summary>
public sealed class PackTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ferry-cli-pack-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Pack_MakesAToolPackage_WithTheFerryCommand()
    {
        // The build this test run made (the test project references the CLI), packed as it is: no second build.
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "pack", Path.Combine(RepositoryPaths.Root, "src", "Ferry.Cli", "Ferry.Cli.csproj"), "--no-build", "--no-restore", "--configuration", RepositoryPaths.Configuration, "--output", _folder, "--nologo" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, await output + await errors);

        var package = Assert.Single(Directory.GetFiles(_folder, "Ferry.Cli.*.nupkg"));
        await using var zip = await ZipFile.OpenReadAsync(package, TestContext.Current.CancellationToken);
        var settingsEntry = Assert.Single(zip.Entries, e => e.FullName.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal));
        Assert.StartsWith("tools/net10.0/any/", settingsEntry.FullName, StringComparison.Ordinal);
        await using var settingsStream = await settingsEntry.OpenAsync(TestContext.Current.CancellationToken);
        var command = XDocument.Load(settingsStream).Descendants("Command").Single();
        Assert.Equal("ferry", command.Attribute("Name")!.Value);
        Assert.Equal("ferry.dll", command.Attribute("EntryPoint")!.Value);
        Assert.Contains(zip.Entries, e => e.FullName == "tools/net10.0/any/ferry.dll");
        Assert.Contains(zip.Entries, e => e.FullName == "tools/net10.0/any/Ferry.Core.dll");
        await using var nuspec = await zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).OpenAsync(TestContext.Current.CancellationToken);
        var packageType = XDocument.Load(nuspec).Descendants().Single(e => e.Name.LocalName == "packageType");
        Assert.Equal("DotnetTool", packageType.Attribute("name")!.Value);
    }
}
