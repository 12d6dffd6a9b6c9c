using Azure.Storage.Blobs;

namespace Ferry.Server.Tests;

/// <summary>
/// The real stack for the server tests: Azurite, the Okta sandbox on loopback, and Ferry.Server as a process,
/// shared by the tests of the "stack" collection (each test uses its own file names and logins).
/// </summary>
public sealed class FerryStack : IAsyncLifetime
{
    public AzuriteHost Azurite { get; private set; } = null!;

    public SandboxHost Sandbox { get; private set; } = null!;

    public FerryServerHost Server { get; private set; } = null!;

    public BlobServiceClient Blobs { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Azurite = await AzuriteHost.StartAsync();
        Sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:RateLimit:Multiplier"] = "10" });
        Server = await FerryServerHost.StartAsync(FerryServerHost.SettingsFor(Azurite, Sandbox), "ferry-stack");
        Blobs = Azurite.CreateServiceClient();
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Sandbox.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}
