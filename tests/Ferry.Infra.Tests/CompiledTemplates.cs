[assembly: AssemblyFixture(typeof(Ferry.Infra.Tests.CompiledTemplates))]

namespace Ferry.Infra.Tests;

/// <summary>
/// infra/main.bicep and infra/app/inbox-subscription.bicep compiled once for the whole test run, into a temporary
/// directory (never into the repository), with what bicep build printed.
/// </summary>
public sealed class CompiledTemplates : IAsyncLifetime
{
    public const string MainBicep = "infra/main.bicep";
    public const string SubscriptionBicep = "infra/app/inbox-subscription.bicep";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"ferry-infra-tests-{Guid.NewGuid():N}");
    private ArmTemplate? _main;
    private ArmTemplate? _subscription;

    internal BicepResult MainBuild { get; private set; } = null!;

    internal BicepResult SubscriptionBuild { get; private set; } = null!;

    internal ArmTemplate Main => _main ??= Load(MainBuild, "main.json", "main");

    internal ArmTemplate Subscription => _subscription ??= Load(SubscriptionBuild, "inbox-subscription.json", "inbox-subscription");

    /// <summary>Both compiled templates as text, for scans.</summary>
    internal IEnumerable<(string Name, string Json)> Texts =>
        new[] { "main.json", "inbox-subscription.json" }.Select(f => (f, File.ReadAllText(Path.Combine(_directory, f))));

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var main = Bicep.RunAsync("build", Repository.PathOf(MainBicep), "--outdir", _directory);
        var subscription = Bicep.RunAsync("build", Repository.PathOf(SubscriptionBicep), "--outdir", _directory);
        MainBuild = await main;
        SubscriptionBuild = await subscription;
    }

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    private ArmTemplate Load(BicepResult build, string file, string name)
    {
        var path = Path.Combine(_directory, file);
        Assert.True(build.ExitCode == 0 && File.Exists(path), build.ToString());
        return ArmTemplate.Load(path, name);
    }
}
