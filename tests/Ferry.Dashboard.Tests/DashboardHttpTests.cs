using System.Net;

namespace Ferry.Dashboard.Tests;

/// <summary>The dashboard's routes and its cookie as a client without a browser sees them; every route in docs/dashboard.md.</summary>
[Collection("dashboard")]
public sealed class DashboardHttpTests(DashboardStack stack)
{
    /// <summary>Every route the dashboard maps (docs/dashboard.md lists them all).</summary>
    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "/dashboard" },
        { "GET", "/dashboard/signin" },
        { "POST", "/dashboard/signin" },
        { "POST", "/dashboard/signout" },
        { "GET", "/dashboard/jobs/{id}" },
        { "GET", "/dashboard/jobs/{id}/failed-rows" },
        { "GET", "/dashboard/jobs/{id}/reports/{name}" },
        { "GET", "/dashboard/assets/{name}" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public void Route_IsInDashboardMd(string method, string route) =>
        Assert.Contains($"{method} {route}", Docs.CodeSpans("docs/dashboard.md"));

    [Fact]
    public void DashboardMd_NamesTheCookieTheHeaderAndTheAssets()
    {
        var spans = Docs.CodeSpans("docs/dashboard.md");
        Assert.Contains("ferry-dashboard", spans);
        Assert.Contains("x-ferry-dashboard", spans);
        Assert.Contains("dashboard.js", spans);
        Assert.Contains("dashboard.css", spans);
        Assert.Contains("MaxListedRows", Docs.Read("docs/dashboard.md"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/dashboard/jobs/some-job-000000000000")]
    public async Task Page_SignedOut_RedirectsToSignIn(string path)
    {
        using var client = NoRedirects();

        var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboard/signin", response.Headers.Location?.ToString());
    }

    [Theory]
    [InlineData("/dashboard/jobs/some-job-000000000000/failed-rows")]
    [InlineData("/dashboard/jobs/some-job-000000000000/reports/results.csv")]
    public async Task Data_SignedOut_Is401_WithAKeyHeaderAnswers(string path)
    {
        using var anonymous = NoRedirects();
        using var withKey = stack.Server.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, (await withKey.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task SignIn_SetsAStrictHttpOnlyCookieWithoutTheKey_AndNoPageHoldsTheKey()
    {
        using var client = NoRedirects();

        var response = await SignInAsync(client, FerryServerHost.ApiKey);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("ferry-dashboard=", setCookie, StringComparison.Ordinal);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(FerryServerHost.ApiKey, setCookie, StringComparison.Ordinal);
        foreach (var page in new[] { "/dashboard", "/dashboard/jobs/some-job-000000000000", "/dashboard/assets/dashboard.js" })
        {
            var html = await Get(client, page, Cookie(setCookie));
            Assert.Equal(HttpStatusCode.OK, html.StatusCode);
            Assert.DoesNotContain(FerryServerHost.ApiKey, await html.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SignIn_WrongKey_Is401WithoutCookie_AndACrossSiteOriginIs403()
    {
        using var client = NoRedirects();

        var wrong = await SignInAsync(client, "guessed-key");
        var crossSite = await SignInAsync(client, FerryServerHost.ApiKey, "https://evil.example");

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        Assert.False(crossSite.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Api_WithTheCookie_GetsAnswer_PostsNeedTheAntiCsrfHeader_AndAForgedCookieIs401()
    {
        using var client = NoRedirects();
        var cookie = Cookie(Assert.Single((await SignInAsync(client, FerryServerHost.ApiKey)).Headers.GetValues("Set-Cookie")));
        const string terminate = "/api/migrations/some-job-000000000000/terminate";

        var list = await Get(client, "/api/migrations?top=1", cookie);
        var postWithoutHeader = await Send(client, HttpMethod.Post, terminate, cookie);
        var postWithHeader = await Send(client, HttpMethod.Post, terminate, cookie, ("x-ferry-dashboard", "1"));
        var forged = await Get(client, "/api/migrations?top=1", cookie[..^4] + "AAAA");
        // {key id}.{session id}.{expiry}.{signature}: an expiry in the past, the rest as signed.
        var parts = cookie.Split('.');
        var expired = await Get(client, "/api/migrations?top=1", $"{parts[0]}.{parts[1]}.1000.{parts[3]}");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, postWithoutHeader.StatusCode);
        Assert.Contains("x-ferry-dashboard", await postWithoutHeader.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, postWithHeader.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
    }

    [Theory]
    [InlineData("/dashboard/jobs/some-job-000000000000/reports/input.csv")]
    [InlineData("/dashboard/jobs/some-job-000000000000/reports/results.csv")]
    [InlineData("/dashboard/assets/other.js")]
    public async Task Reports_OnlyTheThreeReportsOfAJob_OtherwiseNotFound(string path)
    {
        using var client = stack.Server.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Pages_SendAContentSecurityPolicyWithoutInlineScriptOrOtherOrigins()
    {
        using var client = NoRedirects();

        var response = await client.GetAsync(new Uri("/dashboard/signin", UriKind.Relative));

        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("http", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private HttpClient NoRedirects() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = stack.Server.BaseAddress };

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string key, string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/dashboard/signin")
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("key", key)]),
        };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return client.SendAsync(request);
    }

    private static string Cookie(string setCookie) => setCookie.Split(';')[0];

    private static Task<HttpResponseMessage> Get(HttpClient client, string path, string cookie) => Send(client, HttpMethod.Get, path, cookie);

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, string cookie, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", cookie);
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return client.SendAsync(request);
    }
}
