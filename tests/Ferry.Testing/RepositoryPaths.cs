namespace Ferry.Testing;

/// <summary>Where things are in the repository, found from the running test or benchmark binary.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration the calling binary was built in, so processes match it.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string AzuriteScript => Path.Combine(Root, "node_modules", "azurite", "dist", "src", "azurite.js");

    public static string ProjectOutput(string project) =>
        Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", $"{project}.dll");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ferry.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Ferry.slnx not found above " + AppContext.BaseDirectory);
    }
}
