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
        Server = await FerryServerHost.StartAsync(ServerSettings(Azurite, Sandbox), "ferry-stack");
        Blobs = Storage(Azurite);
    }

    public static Dictionary<string, string?> ServerSettings(AzuriteHost azurite, SandboxHost sandbox) => new()
    {
        ["ConnectionStrings:Storage"] = azurite.ConnectionString,
        ["Okta:OrgUrl"] = sandbox.BaseAddress.ToString(),
        ["Okta:ApiToken"] = sandbox.ApiToken,
        ["Ferry:Budget:Share"] = "1.0",
    };

    public static BlobServiceClient Storage(AzuriteHost azurite) =>
        new(azurite.ConnectionString, new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06));

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Sandbox.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}
