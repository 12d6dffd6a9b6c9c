using System.Collections.Concurrent;
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

    private readonly ConcurrentDictionary<string, Lazy<Task<FerryServerHost>>> _others = new(StringComparer.Ordinal);

    /// <summary>
    /// A second Ferry on this Azurite and sandbox with its own task hub and containers (<c>{name}-inbox</c>, …) and
    /// <paramref name="settings"/> on top: started by the first test that asks for it, stopped with the stack.
    /// </summary>
    public Task<FerryServerHost> OtherServerAsync(string name, IReadOnlyDictionary<string, string?> settings) =>
        _others.GetOrAdd(name, _ => new Lazy<Task<FerryServerHost>>(() =>
        {
            var merged = FerryServerHost.SettingsForOwnHub(Azurite, Sandbox, name);
            foreach (var (key, value) in settings)
            {
                merged[key] = value;
            }

            return FerryServerHost.StartAsync(merged, name);
        })).Value;

    public async ValueTask InitializeAsync()
    {
        Azurite = await AzuriteHost.StartAsync();
        // Okta's limits x10, and Auth0's Management API at 50 requests/s: these tests are about outcomes, not pace (the
        // sandbox's default, a paid tenant's 5/s, is measured by Auth0ClientTests and the auth0 benchmarks).
        Sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?>
        {
            ["Sandbox:RateLimit:Multiplier"] = "10",
            ["Sandbox:Auth0:RateLimit:Limit"] = "50",
            ["Sandbox:Auth0:RateLimit:Window"] = "00:00:01",
        });
        Server = await FerryServerHost.StartAsync(FerryServerHost.SettingsFor(Azurite, Sandbox), "ferry-stack");
        Blobs = Azurite.CreateServiceClient();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var other in _others.Values.Where(o => o.IsValueCreated))
        {
            await (await other.Value).DisposeAsync();
        }

        await Server.DisposeAsync();
        await Sandbox.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}
