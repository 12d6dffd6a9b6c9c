using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ferry.Testing.Reliability;

namespace Ferry.Server.Tests;

/// <summary>
/// A stack of its own on an org at Okta's pace, slower: 300 creates a minute, so a batch holds up to 150 slots (half a
/// window) and a stop or a shutdown lands in the middle of one. For the tests that stop, suspend or kill Ferry.
/// </summary>
internal static class SlowOrg
{
    public static Task<ScenarioStack> StartAsync(string name) =>
        ScenarioStack.StartAsync(
            name,
            new Dictionary<string, string?> { ["Sandbox:RateLimit:Limits:users"] = "300" },
            new Dictionary<string, string?>(),
            TestContext.Current.CancellationToken);

    /// <summary>The sandbox's own counters (<c>GET /sandbox/stats</c>).</summary>
    public static async Task<JsonObject> StatsAsync(ScenarioStack stack)
    {
        using var http = new HttpClient { BaseAddress = stack.Sandbox.BaseAddress };
        return (await http.GetFromJsonAsync<JsonObject>(new Uri("/sandbox/stats", UriKind.Relative)))!;
    }

    /// <summary>How many users the org holds.</summary>
    public static async Task<int> UsersAsync(ScenarioStack stack) => (int)(await StatsAsync(stack))["users"]!;
}
