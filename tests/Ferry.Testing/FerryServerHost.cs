using System.Net.Http.Headers;

namespace Ferry.Testing;

/// <summary>
/// Ferry.Server as a real child process (built output of src/Ferry.Server), configured through its public keys as
/// environment variables, on free loopback ports. Can be killed (SIGKILL) and started again with the same settings.
/// </summary>
public sealed class FerryServerHost : IAsyncDisposable
{
    /// <summary>The API key every test server accepts (<c>Ferry:Api:Keys</c>; at least 32 characters, as Ferry requires).</summary>
    public const string ApiKey = "ferry-test-key-5f0c2a9e7d1b4c38a6e2";

    /// <summary>The webhook key every test server accepts (<c>Ferry:Api:WebhookKeys</c>): Event Grid deliveries only.</summary>
    public const string WebhookKey = "ferry-test-webhook-key-8b3d6f1a9c2e47d0";


    private readonly Dictionary<string, string?> _settings;
    private readonly string _name;
    private readonly string _workingDirectory;

    private FerryServerHost(Dictionary<string, string?> settings, string name, int httpPort, string workingDirectory)
    {
        _settings = settings;
        _name = name;
        _workingDirectory = workingDirectory;
        BaseAddress = new Uri($"http://127.0.0.1:{httpPort}");
    }

    public Uri BaseAddress { get; }

    public ChildProcess? Process { get; private set; }

    /// <summary>
    /// Starts a server. <paramref name="settings"/> use Ferry's configuration keys (<c>Okta:OrgUrl</c>, …) and override
    /// the test defaults: a test key, fast inbox polling, small slices and batches, frequent interim reports.
    /// </summary>
    /// <param name="localSettingsJson">Written as local.settings.json in the server's working directory (its own empty folder).</param>
    public static async Task<FerryServerHost> StartAsync(
        IReadOnlyDictionary<string, string?> settings,
        string name = "ferry",
        string? localSettingsJson = null,
        CancellationToken cancellationToken = default)
    {
        var merged = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Ferry:Api:Keys"] = ApiKey,
            ["Ferry:Api:WebhookKeys"] = WebhookKey,
            // Tests send many wrong keys from one address; the limit (5 a minute by default) has tests of its own.
            ["Ferry:Api:MaxKeyFailures"] = "1000",
            ["Ferry:Inbox:PollInterval"] = "00:00:00.500",
            ["Ferry:Jobs:RetryDelay"] = "00:00:00.200",
            ["Ferry:Jobs:SliceRows"] = "200",
            ["Ferry:Jobs:BatchRows"] = "50",
            ["Ferry:Jobs:InterimReportInterval"] = "00:00:02",
            ["Okta:RetryBaseDelay"] = "00:00:00.050",
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:Console:TimestampFormat"] = "HH:mm:ss.fff ",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            merged[key] = value;
        }

        // Its own working directory, so no local.settings.json of the developer's is picked up by accident.
        var workingDirectory = Path.Combine(Path.GetTempPath(), "ferry-tests", "servers", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(workingDirectory);
        if (localSettingsJson is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(workingDirectory, "local.settings.json"), localSettingsJson, cancellationToken);
        }

        var host = new FerryServerHost(merged, name, FreePorts.Next(), workingDirectory);
        await host.StartProcessAsync(cancellationToken);
        return host;
    }

    /// <summary>
    /// The settings that point a server at <paramref name="azurite"/>, the <paramref name="sandbox"/> org (using all of
    /// its rate limit) and the sandbox's Auth0 tenant (its connection the default; polls every half second to two).
    /// </summary>
    public static Dictionary<string, string?> SettingsFor(AzuriteHost azurite, SandboxHost sandbox)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        ArgumentNullException.ThrowIfNull(sandbox);
        return new()
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
    }

    /// <summary>
    /// <see cref="SettingsFor"/> for a Ferry of its own on the shared Azurite: its own task hub <paramref name="name"/>
    /// and containers (<c>{name}-inbox</c>, <c>-reports</c>, <c>-state</c>), so it picks up no other test's jobs.
    /// </summary>
    public static Dictionary<string, string?> SettingsForOwnHub(AzuriteHost azurite, SandboxHost sandbox, string name)
    {
        var settings = SettingsFor(azurite, sandbox);
        settings["Ferry:Durable:TaskHub"] = name;
        settings["Ferry:Inbox:Container"] = $"{name}-inbox";
        settings["Ferry:Reports:Container"] = $"{name}-reports";
        settings["Ferry:State:Container"] = $"{name}-state";
        return settings;
    }

    /// <param name="withKey">Sends <see cref="ApiKey"/> as the <c>x-ferry-key</c> header.</param>
    /// <param name="from">
    /// A loopback address other than 127.0.0.1 to connect from (Linux answers on all of 127.0.0.0/8): the server sees
    /// another client address, e.g. a proxy's, or a client whose wrong keys must not limit the others.
    /// </param>
    public HttpClient CreateClient(bool withKey = true, System.Net.IPAddress? from = null)
    {
        var client = from is null
            ? new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) }
            : new HttpClient(Loopback.Handler(from), disposeHandler: true) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (withKey)
        {
            client.DefaultRequestHeaders.Add("x-ferry-key", ApiKey);
        }

        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>SIGKILL: a crash, mid-whatever.</summary>
    public async Task KillAsync()
    {
        if (Process is not null)
        {
            await Process.KillAsync();
        }
    }

    /// <summary>Starts the server again with the same settings and ports (after a kill).</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) => StartProcessAsync(cancellationToken);

    /// <summary>Stops the server (SIGTERM) and starts it again with <paramref name="changes"/> applied to its settings.</summary>
    public async Task RestartWithAsync(IReadOnlyDictionary<string, string?> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (Process is not null)
        {
            await Process.StopAsync(TimeSpan.FromSeconds(10));
        }

        foreach (var (key, value) in changes)
        {
            _settings[key] = value;
        }

        await StartProcessAsync(cancellationToken);
    }

    /// <summary>Where the server runs: its local.settings.json, if any, is there (rewrite it to change the configuration).</summary>
    public string WorkingDirectory => _workingDirectory;

    public string ReadLogs() => Process?.ReadLog() ?? "";

    public async ValueTask DisposeAsync()
    {
        if (Process is not null)
        {
            // FERRY_TEST_LOGS=<folder> keeps every server's log there, for looking into a run afterwards.
            if (Environment.GetEnvironmentVariable("FERRY_TEST_LOGS") is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
                await File.WriteAllTextAsync(Path.Combine(folder, $"{_name}-{Guid.NewGuid():N}.log"), Process.ReadLog());
            }

            await Process.DisposeAsync();
        }
    }

    private async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        var server = RepositoryPaths.ProjectOutput("Ferry.Server");
        if (!File.Exists(server))
        {
            throw new InvalidOperationException($"{server} is missing: build src/Ferry.Server ({RepositoryPaths.Configuration}) first.");
        }

        // A null value means "not set at all" (to let local.settings.json or a default apply).
        var environment = _settings.Where(p => p.Value is not null).ToDictionary(p => p.Key.Replace(":", "__", StringComparison.Ordinal), p => p.Value);
        environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        if (Process is not null)
        {
            await Process.DisposeAsync();
        }

        Process = ChildProcess.Start("dotnet", [server, "--urls", BaseAddress.ToString().TrimEnd('/')], environment, _name, _workingDirectory);
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                if ((await client.GetAsync(new Uri("/healthz", UriKind.Relative), cancellationToken)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not up yet
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // not up yet
            }

            if (Process.HasExited || TimeProvider.System.GetUtcNow() > deadline)
            {
                if (Process.HasExited)
                {
                    await Process.WaitForExitAsync(cancellationToken);
                }

                throw new InvalidOperationException($"Ferry.Server did not start ({(Process.HasExited ? $"exited with code {Process.ExitCode}" : "timed out")}):\n{Process.ReadLog()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, cancellationToken);
        }
    }
}
