namespace Ferry.Cli.Tests;

/// <summary>Azurite, the Okta sandbox and Ferry.Server as a process, shared by the "stack" tests (each uses its own logins).</summary>
public sealed class CliStack : IAsyncLifetime
{
    public AzuriteHost Azurite { get; private set; } = null!;

    public SandboxHost Sandbox { get; private set; } = null!;

    public FerryServerHost Server { get; private set; } = null!;

    /// <summary>FERRY_URL and FERRY_KEY of this server, as a team's CI would set them.</summary>
    public Dictionary<string, string?> Environment => new()
    {
        ["FERRY_URL"] = Server.BaseAddress.ToString(),
        ["FERRY_KEY"] = FerryServerHost.ApiKey,
    };

    public async ValueTask InitializeAsync()
    {
        Azurite = await AzuriteHost.StartAsync();
        Sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:RateLimit:Multiplier"] = "10" });
        Server = await FerryServerHost.StartAsync(FerryServerHost.SettingsFor(Azurite, Sandbox), "ferry-cli");
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Sandbox.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}
