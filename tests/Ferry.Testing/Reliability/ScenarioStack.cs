using System.Globalization;
using Azure.Storage.Blobs;

namespace Ferry.Testing.Reliability;

/// <summary>
/// The real parts one scenario runs on, started for it alone and stopped (by process id) when it is disposed: Azurite,
/// the Okta sandbox on loopback, and Ferry.Server as a child process pointed at both.
/// </summary>
public sealed class ScenarioStack : IAsyncDisposable
{
    private ScenarioStack(AzuriteHost azurite, SandboxHost sandbox, FerryServerHost server)
    {
        Azurite = azurite;
        Sandbox = sandbox;
        Server = server;
        Blobs = new BlobServiceClient(azurite.ConnectionString, new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06));
        Client = server.CreateClient();
    }

    public AzuriteHost Azurite { get; }

    public SandboxHost Sandbox { get; }

    public FerryServerHost Server { get; }

    public BlobServiceClient Blobs { get; }

    /// <summary>The management API with the test key.</summary>
    public HttpClient Client { get; }

    /// <summary>
    /// Starts the parts. <paramref name="sandboxSettings"/> use the sandbox's keys (<c>Sandbox:Faults:ServerErrorRate</c>, …);
    /// <paramref name="serverSettings"/> Ferry's keys, over the storage and Okta settings that connect the parts and a budget
    /// share of 1 (the sandbox is Ferry's alone, unless its BackgroundShare says otherwise).
    /// </summary>
    public static async Task<ScenarioStack> StartAsync(
        string name,
        IReadOnlyDictionary<string, string?> sandboxSettings,
        IReadOnlyDictionary<string, string?> serverSettings,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(serverSettings);
        var azurite = await AzuriteHost.StartAsync(cancellationToken);
        SandboxHost? sandbox = null;
        try
        {
            sandbox = await SandboxHost.StartAsync(sandboxSettings, cancellationToken: cancellationToken);
            var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["Okta:OrgUrl"] = sandbox.BaseAddress.ToString(),
                ["Okta:ApiToken"] = sandbox.ApiToken,
                ["Ferry:Budget:Share"] = "1.0",
                ["Auth0:Domain"] = sandbox.BaseAddress.ToString(),
                ["Auth0:ClientId"] = sandbox.Auth0Options.ClientId,
                ["Auth0:ClientSecret"] = sandbox.Auth0Options.ClientSecret,
                ["Auth0:Connection"] = sandbox.Auth0Options.ConnectionName,
                ["Ferry:Auth0:PollInterval"] = "00:00:00.500",
                ["Ferry:Auth0:MaxPollInterval"] = "00:00:02",
                ["Ferry:Auth0:SlotRetryInterval"] = "00:00:00.500",
            };
            foreach (var (key, value) in serverSettings)
            {
                settings[key] = value;
            }

            var server = await FerryServerHost.StartAsync(settings, name, cancellationToken: cancellationToken);
            return new ScenarioStack(azurite, sandbox, server);
        }
        catch
        {
            if (sandbox is not null)
            {
                await sandbox.DisposeAsync();
            }

            await azurite.DisposeAsync();
            throw;
        }
    }

    /// <summary>A TimeSpan as the configuration binder reads it.</summary>
    public static string Setting(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    /// <summary>A number as the configuration binder reads it.</summary>
    public static string Setting(double value) => value.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        await Sandbox.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}
