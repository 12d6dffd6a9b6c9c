using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Ferry.Core.Okta.OAuth;

/// <summary>
/// An OAuth 2.0 service app's access token on every request: <c>Authorization: Bearer</c>, or, for a DPoP-bound
/// token, <c>Authorization: DPoP</c> plus a proof with the token's hash and the API's latest nonce. A 401 renews the
/// token (or takes the new nonce) and the request goes once more. When no token can be had, the request is answered
/// here (<see cref="TokenEndpointHeader"/>): 401 or 403 for a refusal that ends the job, 503 for an outage (retried).
/// </summary>
public sealed class OktaServiceAppCredentials(OktaTokenProvider tokens, DPoPProofs proofs) : IOktaCredentials
{
    /// <summary>Marks an answer Ferry gave itself because the token endpoint refused; its summary says why.</summary>
    public const string TokenEndpointHeader = "X-Ferry-Token-Endpoint";

    private static readonly HttpRequestOptionsKey<OktaAccessToken> Token = new("Ferry.Okta.AccessToken");

    private string? _nonce;

    public OktaTokenProvider Tokens => tokens;

    public async ValueTask<HttpResponseMessage?> AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await tokens.GetAsync(request.Options.TryGetValue(OktaRequestOptions.Scopes, out var scopes) ? scopes : null, cancellationToken);
        if (result.Failed)
        {
            return Answer(request, result.Failure);
        }

        var token = result.Value!;
        request.Options.Set(Token, token);
        request.Headers.Remove(DPoPProofs.Header);
        if (token.DPoP)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("DPoP", token.Value);
            request.Headers.Add(DPoPProofs.Header, proofs.Create(request.Method, request.RequestUri!, Volatile.Read(ref _nonce), token.Value));
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        }

        return null;
    }

    public ValueTask<bool> ShouldResendAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        if (response.Headers.TryGetValues(DPoPProofs.NonceHeader, out var nonces) && nonces.FirstOrDefault() is { Length: > 0 } nonce)
        {
            Volatile.Write(ref _nonce, nonce);
            if (response.StatusCode == HttpStatusCode.Unauthorized && Challenge(response, "use_dpop_nonce"))
            {
                return ValueTask.FromResult(true);
            }
        }

        if (response.StatusCode != HttpStatusCode.Unauthorized || !request.Options.TryGetValue(Token, out var used))
        {
            return ValueTask.FromResult(false);
        }

        tokens.Invalidate(used);
        return ValueTask.FromResult(true);
    }

    /// <summary>Whether a <c>WWW-Authenticate</c> challenge carries <c>error="<paramref name="error"/>"</c>.</summary>
    public static bool Challenge(HttpResponseMessage response, string error)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.WwwAuthenticate.Any(c => c.Parameter?.Contains($"error=\"{error}\"", StringComparison.Ordinal) == true);
    }

    private static HttpResponseMessage Answer(HttpRequestMessage request, OktaFailure failure)
    {
        var status = failure.Kind switch
        {
            OktaFailureKind.MissingScope => HttpStatusCode.Forbidden,
            OktaFailureKind.Unauthorized => HttpStatusCode.Unauthorized,
            _ => HttpStatusCode.ServiceUnavailable,
        };
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("errorCode", failure.ErrorCode ?? "token_endpoint");
            json.WriteString("errorSummary", failure.Summary);
            json.WriteStartArray("errorCauses");
            json.WriteEndArray();
            json.WriteEndObject();
        }

        var response = new HttpResponseMessage(status)
        {
            RequestMessage = request,
            Content = new StringContent(Encoding.UTF8.GetString(buffer.ToArray()), Encoding.UTF8, "application/json"),
        };
        response.Headers.Add(TokenEndpointHeader, failure.Kind.ToString());
        return response;
    }
}
