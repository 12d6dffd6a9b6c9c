using System.Net;
using System.Text;

namespace Ferry.Server.Tests;

/// <summary>
/// Guessing keys is limited per client address (<c>Ferry:Api:MaxKeyFailures</c> a <c>Ferry:Api:KeyFailureWindow</c>),
/// and a key in the query string is accepted only on the webhook, only when enabled, and only a webhook key.
/// Each test runs a Ferry of its own with the defaults (the test servers raise the limit).
/// </summary>
[Collection("stack")]
public sealed class KeyLimitTests(FerryStack stack)
{
    private static readonly IPAddress Guesser = IPAddress.Parse("127.0.0.5");

    [Fact]
    public async Task SixthWrongKey_Is429WithRetryAfter_ForThatAddressOnly_EvenWithTheRightKey()
    {
        var settings = FerryServerHost.SettingsForOwnHub(stack.Azurite, stack.Sandbox, "keylimit");
        settings["Ferry:Api:MaxKeyFailures"] = null;
        await using var server = await FerryServerHost.StartAsync(settings, "ferry-keylimit");
        using var guesser = server.CreateClient(withKey: false, from: Guesser);
        using var other = server.CreateClient(withKey: false);

        var noKey = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            noKey.Add((await guesser.GetAsync(new Uri("/api/migrations?top=1", UriKind.Relative))).StatusCode);
        }

        var wrong = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            wrong.Add((await guesser.SendAsync(WithKey($"guessed-key-{i}-0123456789abcdef0123456789"))).StatusCode);
        }

        var rightFromGuesser = await guesser.SendAsync(WithKey(FerryServerHost.ApiKey));
        var rightFromOther = await other.SendAsync(WithKey(FerryServerHost.ApiKey));
        var wrongFromOther = await other.SendAsync(WithKey("guessed-key-x-0123456789abcdef0123456789"));

        Assert.All(noKey, s => Assert.Equal(HttpStatusCode.Unauthorized, s)); // a request without a key guesses nothing
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), HttpStatusCode.TooManyRequests], wrong);
        Assert.Equal(HttpStatusCode.TooManyRequests, rightFromGuesser.StatusCode);
        Assert.InRange(rightFromGuesser.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        Assert.Equal(HttpStatusCode.OK, rightFromOther.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongFromOther.StatusCode);
    }

    [Fact]
    public async Task CodeOnTheWebhook_WhenEnabled_TakesAWebhookKeyOnly_AndNowhereElse()
    {
        var settings = FerryServerHost.SettingsForOwnHub(stack.Azurite, stack.Sandbox, "webhookcode");
        settings["Ferry:Api:AllowCodeOnWebhook"] = "true";
        await using var server = await FerryServerHost.StartAsync(settings, "ferry-webhookcode");
        using var client = server.CreateClient(withKey: false);

        var webhookKey = await client.SendAsync(ValidationEvent($"?code={FerryServerHost.WebhookKey}"));
        var apiKey = await client.SendAsync(ValidationEvent($"?code={FerryServerHost.ApiKey}"));
        var wrongKey = await client.SendAsync(ValidationEvent("?code=guessed-key-0123456789abcdef0123456789"));
        var elsewhere = await client.GetAsync(new Uri($"/api/migrations?code={FerryServerHost.WebhookKey}", UriKind.Relative));
        var apiKeyElsewhere = await client.GetAsync(new Uri($"/api/migrations?code={FerryServerHost.ApiKey}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, webhookKey.StatusCode);
        Assert.Contains("validation-code-1", await webhookKey.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, apiKey.StatusCode); // a full key never travels in a URL
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, apiKeyElsewhere.StatusCode);
        Assert.DoesNotContain(FerryServerHost.WebhookKey, server.ReadLogs(), StringComparison.Ordinal);
    }

    private static HttpRequestMessage WithKey(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/migrations?top=1", UriKind.Relative));
        request.Headers.Add("x-ferry-key", key);
        return request;
    }

    private static HttpRequestMessage ValidationEvent(string query) => new(HttpMethod.Post, new Uri("/api/events/blob-created" + query, UriKind.Relative))
    {
        Content = new StringContent(
            """[{"id":"1","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","subject":"","data":{"validationCode":"validation-code-1"},"eventTime":"2026-01-01T00:00:00Z","dataVersion":"1"}]""",
            Encoding.UTF8,
            "application/json"),
    };
}
