using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Ferry.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ferry.Sandbox.Tests.OAuth;

/// <summary>The org token endpoint (<c>POST /oauth2/v1/token</c>) for API service apps, and access tokens on <c>/api/v1</c>.</summary>
public sealed class TokenEndpointTests
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    private static Uri Endpoint(SandboxHost sandbox) => new(sandbox.BaseAddress, "/oauth2/v1/token");

    private static string Assertion(
        ServiceApp app,
        SandboxHost sandbox,
        string? jti = null,
        string? audience = null,
        TimeSpan? lifetime = null,
        TimeSpan? age = null,
        string? issuer = null,
        SigningCredentials? signer = null)
    {
        var now = TimeProvider.System.GetUtcNow().UtcDateTime - (age ?? TimeSpan.Zero);
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? app.ClientId,
            Audience = audience ?? Endpoint(sandbox).AbsoluteUri,
            IssuedAt = now,
            Expires = now + (lifetime ?? TimeSpan.FromMinutes(5)),
            Claims = new Dictionary<string, object> { ["sub"] = issuer ?? app.ClientId, ["jti"] = jti ?? Guid.NewGuid().ToString("N") },
            SigningCredentials = signer ?? app.SigningCredentials,
        });
    }

    private static async Task<HttpResponseMessage> RequestTokenAsync(SandboxHost sandbox, string assertion, string scope = "okta.users.manage", string? proof = null)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint(sandbox))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["scope"] = scope,
                ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                ["client_assertion"] = assertion,
            }),
        };
        if (proof is not null)
        {
            request.Headers.Add("DPoP", proof);
        }

        return await client.SendAsync(request);
    }

    private static async Task AssertOAuthErrorAsync(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        Assert.Equal(status, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(error, (string?)body["error"]);
        Assert.False(string.IsNullOrEmpty((string?)body["error_description"]));
    }

    private static string Proof(ECDsa key, string method, Uri uri, string? nonce, string? accessToken = null)
    {
        var q = key.ExportParameters(false).Q;
        var claims = new Dictionary<string, object>
        {
            ["htm"] = method,
            ["htu"] = uri.GetLeftPart(UriPartial.Path),
            ["iat"] = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        if (nonce is not null)
        {
            claims["nonce"] = nonce;
        }

        if (accessToken is not null)
        {
            claims["ath"] = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)));
        }

        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = "dpop+jwt",
            Claims = claims,
            AdditionalHeaderClaims = new Dictionary<string, object>
            {
                ["jwk"] = new Dictionary<string, object> { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = Base64UrlEncoder.Encode(q.X), ["y"] = Base64UrlEncoder.Encode(q.Y) },
            },
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key), SecurityAlgorithms.EcdsaSha256),
        });
    }

    [Fact]
    public async Task ValidAssertion_IssuesABearerToken_ThatReadsUsers()
    {
        using var app = ServiceApp.Rsa();
        await using var sandbox = await SandboxHost.StartAsync(app.SandboxSettings(scopes: "okta.users.read"));

        var response = await RequestTokenAsync(sandbox, Assertion(app, sandbox), "okta.users.read");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        using var client = new HttpClient { BaseAddress = sandbox.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)body["access_token"]!);
        var users = await client.GetAsync(new Uri("/api/v1/users", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer", (string?)body["token_type"]);
        Assert.Equal(3600, (int)body["expires_in"]!);
        Assert.Equal("okta.users.read", (string?)body["scope"]);
        Assert.Equal(HttpStatusCode.OK, users.StatusCode);
        Assert.Equal(1, (long)(await sandbox.GetStatsAsync())["tokensIssued"]!);
    }

    [Fact]
    public async Task ReplayedJti_IsRefused()
    {
        using var app = ServiceApp.Rsa();
        await using var sandbox = await SandboxHost.StartAsync(app.SandboxSettings());
        var assertion = Assertion(app, sandbox);

        var first = await RequestTokenAsync(sandbox, assertion);
        var replay = await RequestTokenAsync(sandbox, assertion);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await AssertOAuthErrorAsync(replay, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task BadAssertions_AreInvalidClient()
    {
        using var app = ServiceApp.Rsa();
        using var other = ServiceApp.Rsa();
        await using var sandbox = await SandboxHost.StartAsync(app.SandboxSettings());

        await AssertOAuthErrorAsync(await RequestTokenAsync(sandbox, Assertion(app, sandbox, signer: other.SigningCredentials)), HttpStatusCode.Unauthorized, "invalid_client");
        await AssertOAuthErrorAsync(await RequestTokenAsync(sandbox, Assertion(app, sandbox, audience: "https://elsewhere.okta.com/oauth2/v1/token")), HttpStatusCode.Unauthorized, "invalid_client");
        await AssertOAuthErrorAsync(await RequestTokenAsync(sandbox, Assertion(app, sandbox, age: TimeSpan.FromMinutes(10))), HttpStatusCode.Unauthorized, "invalid_client");
        await AssertOAuthErrorAsync(await RequestTokenAsync(sandbox, Assertion(app, sandbox, lifetime: TimeSpan.FromHours(2))), HttpStatusCode.Unauthorized, "invalid_client");
        await AssertOAuthErrorAsync(await RequestTokenAsync(sandbox, Assertion(app, sandbox, issuer: "0oaSomeoneElse")), HttpStatusCode.Unauthorized, "invalid_client");
        await AssertOAuthErrorAsync(await RequestTokenAsync(sandbox, "not-a-jwt"), HttpStatusCode.Unauthorized, "invalid_client");
        Assert.Equal(0, (long)(await sandbox.GetStatsAsync())["tokensIssued"]!);
    }

    [Fact]
    public async Task ScopeNotGranted_IsInvalidScope_NamingIt()
    {
        using var app = ServiceApp.Rsa();
        await using var sandbox = await SandboxHost.StartAsync(app.SandboxSettings(scopes: "okta.users.manage"));

        var response = await RequestTokenAsync(sandbox, Assertion(app, sandbox), scope: "okta.users.manage okta.groups.manage");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("invalid_scope", (string?)body["error"]);
        Assert.Contains("okta.groups.manage", (string?)body["error_description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenWithoutTheEndpointsScope_Is403E0000006_WithInsufficientScopeChallenge()
    {
        using var app = ServiceApp.Rsa();
        await using var sandbox = await SandboxHost.StartAsync(app.SandboxSettings(scopes: "okta.users.read okta.groups.read"));
        var token = (string)JsonNode.Parse(await (await RequestTokenAsync(sandbox, Assertion(app, sandbox), "okta.users.read okta.groups.read")).Content.ReadAsStringAsync())!["access_token"]!;
        using var client = new HttpClient { BaseAddress = sandbox.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var read = await client.GetAsync(new Uri("/api/v1/groups", UriKind.Relative));
        var write = await client.PostJsonAsync("/api/v1/groups", """{"profile":{"name":"Team"}}""");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        await write.AssertOktaErrorAsync(HttpStatusCode.Forbidden, "E0000006", "You do not have permission to perform the requested action");
        var challenge = Assert.Single(write.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"insufficient_scope\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains("scope=\"okta.groups.manage\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Equal(1, (long)(await sandbox.GetStatsAsync())["forbidden"]!);
    }

    [Fact]
    public async Task ExpiredToken_Is401()
    {
        using var app = ServiceApp.Rsa();
        var settings = app.SandboxSettings();
        settings["Sandbox:OAuth:TokenLifetime"] = "00:00:01";
        await using var sandbox = await SandboxHost.StartAsync(settings);
        var token = (string)JsonNode.Parse(await (await RequestTokenAsync(sandbox, Assertion(app, sandbox))).Content.ReadAsStringAsync())!["access_token"]!;
        using var client = new HttpClient { BaseAddress = sandbox.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        await Task.Delay(TimeSpan.FromSeconds(1.2), TimeProvider.System);
        var response = await client.GetAsync(new Uri("/api/v1/users", UriKind.Relative));

        await response.AssertOktaErrorAsync(HttpStatusCode.Unauthorized, "E0000011");
    }

    [Fact]
    public async Task DPoPRequired_NonceDance_BoundToken_AndProofsOnApiCalls()
    {
        using var app = ServiceApp.Ec();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var sandbox = await SandboxHost.StartAsync(app.SandboxSettings(requireDPoP: true));
        var endpoint = Endpoint(sandbox);

        var withoutProof = await RequestTokenAsync(sandbox, Assertion(app, sandbox));
        var withoutNonce = await RequestTokenAsync(sandbox, Assertion(app, sandbox), proof: Proof(key, "POST", endpoint, null));
        var nonce = withoutNonce.Headers.GetValues("DPoP-Nonce").Single();
        var issued = await RequestTokenAsync(sandbox, Assertion(app, sandbox), proof: Proof(key, "POST", endpoint, nonce));
        var body = JsonNode.Parse(await issued.Content.ReadAsStringAsync())!;
        var token = (string)body["access_token"]!;

        await AssertOAuthErrorAsync(withoutProof, HttpStatusCode.BadRequest, "use_dpop_nonce");
        Assert.True(withoutProof.Headers.Contains("DPoP-Nonce"));
        await AssertOAuthErrorAsync(withoutNonce, HttpStatusCode.BadRequest, "use_dpop_nonce");
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.Equal("DPoP", (string?)body["token_type"]);

        var users = new Uri(sandbox.BaseAddress, "/api/v1/users");
        using var client = new HttpClient();
        async Task<HttpResponseMessage> CallAsync(string scheme, string? proof)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, users);
            request.Headers.Authorization = new AuthenticationHeaderValue(scheme, token);
            if (proof is not null)
            {
                request.Headers.Add("DPoP", proof);
            }

            return await client.SendAsync(request);
        }

        var asBearer = await CallAsync("Bearer", null);
        var apiWithoutNonce = await CallAsync("DPoP", Proof(key, "GET", users, null, token));
        var apiNonce = apiWithoutNonce.Headers.GetValues("DPoP-Nonce").Single();
        var ok = await CallAsync("DPoP", Proof(key, "GET", users, apiNonce, token));
        var otherKey = await CallAsync("DPoP", Proof(stranger, "GET", users, apiNonce, token));
        var noAth = await CallAsync("DPoP", Proof(key, "GET", users, apiNonce));

        Assert.Equal(HttpStatusCode.Unauthorized, asBearer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, apiWithoutNonce.StatusCode);
        Assert.Contains("use_dpop_nonce", apiWithoutNonce.Headers.WwwAuthenticate.Single().Parameter, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherKey.StatusCode);
        Assert.Contains("invalid_dpop_proof", otherKey.Headers.WwwAuthenticate.Single().Parameter, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noAth.StatusCode);
    }

    [Fact]
    public async Task JwkPublicKey_IsAccepted()
    {
        using var app = ServiceApp.Ec();
        await using var sandbox = await SandboxHost.StartAsync(app.SandboxSettings(publicKey: app.PublicJwk));

        var response = await RequestTokenAsync(sandbox, Assertion(app, sandbox));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SswsToken_KeepsWorking_Unscoped()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var created = await client.PostJsonAsync("/api/v1/groups", """{"profile":{"name":"Team"}}""");

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
    }
}
