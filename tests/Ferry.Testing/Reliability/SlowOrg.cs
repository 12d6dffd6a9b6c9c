using System.Globalization;

namespace Ferry.Testing.Reliability;

/// <summary>
/// An Okta org (the sandbox) slow enough that a job is still running when a scenario breaks something, and the
/// settings that point Ferry at it. Its rate-limit window is 2 s rather than Okta's minute, so Ferry's budget is told
/// the same window; each user created is one request to the <c>users</c> bucket.
/// </summary>
public static class SlowOrg
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    public static Task<SandboxHost> StartAsync(int createsPerSecond, CancellationToken cancellationToken = default) =>
        SandboxHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Sandbox:RateLimit:Limits:users"] = (createsPerSecond * (int)Window.TotalSeconds).ToString(CultureInfo.InvariantCulture),
                ["Sandbox:RateLimit:Window"] = Window.ToString("c", CultureInfo.InvariantCulture),
                ["Sandbox:Latency:Mean"] = "00:00:00.020",
            },
            cancellationToken: cancellationToken);

    /// <summary>Ferry's settings for <paramref name="sandbox"/> as started by <see cref="StartAsync"/>, over <paramref name="azurite"/>.</summary>
    public static Dictionary<string, string?> ServerSettings(AzuriteHost azurite, SandboxHost sandbox)
    {
        var settings = FerryServerHost.SettingsFor(azurite, sandbox);
        settings["Ferry:Budget:Window"] = Window.ToString("c", CultureInfo.InvariantCulture);
        return settings;
    }
}
