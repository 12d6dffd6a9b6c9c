namespace Ferry.Infra.Tests;

/// <summary>Paths in the repository, found by walking up from the test's directory to <c>Ferry.slnx</c>.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => System.IO.Path.Combine(Root, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>Every file under <c>infra/</c>, as paths relative to the root with <c>/</c> separators.</summary>
    public static IReadOnlyList<string> InfraFiles() =>
        Directory.EnumerateFiles(PathOf("infra"), "*", SearchOption.AllDirectories)
            .Select(p => System.IO.Path.GetRelativePath(Root, p).Replace(System.IO.Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Ferry.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Ferry.slnx above {AppContext.BaseDirectory}");
    }
}
