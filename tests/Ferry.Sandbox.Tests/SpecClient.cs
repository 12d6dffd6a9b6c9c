using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ferry.Sandbox.Tests;

/// <summary>
/// A minimal Okta client written only from okta-management-openapi.yaml (schemas User, Group, Error,
/// UserActivationToken, CreateUserRequest; Link paging), with no knowledge of the sandbox.
/// </summary>
internal sealed class SpecClient(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task<SpecResult<Group>> CreateGroupAsync(string name, string? description = null) =>
        await SendAsync<Group>(HttpMethod.Post, "/api/v1/groups", new { profile = new GroupProfile(name, description) });

    public async Task<SpecResult<User>> CreateUserAsync(UserProfile profile, IReadOnlyList<string>? groupIds = null, bool activate = true) =>
        await SendAsync<User>(HttpMethod.Post, $"/api/v1/users?activate={(activate ? "true" : "false")}", new CreateUserRequest(profile, groupIds));

    public async Task<SpecResult<User[]>> SearchUsersAsync(string search) =>
        await SendAsync<User[]>(HttpMethod.Get, $"/api/v1/users?search={Uri.EscapeDataString(search)}", null);

    public async Task<SpecResult<UserActivationToken>> ActivateAsync(string userId, bool sendEmail) =>
        await SendAsync<UserActivationToken>(HttpMethod.Post, $"/api/v1/users/{userId}/lifecycle/activate?sendEmail={(sendEmail ? "true" : "false")}", null);

    public async Task<SpecResult<UserActivationToken>> ReactivateAsync(string userId, bool sendEmail) =>
        await SendAsync<UserActivationToken>(HttpMethod.Post, $"/api/v1/users/{userId}/lifecycle/reactivate?sendEmail={(sendEmail ? "true" : "false")}", null);

    public async Task<SpecResult<User>> GetUserAsync(string idOrLogin) =>
        await SendAsync<User>(HttpMethod.Get, $"/api/v1/users/{Uri.EscapeDataString(idOrLogin)}", null);

    /// <summary>Every user, following <c>Link: rel="next"</c> as the spec's pagination section describes.</summary>
    public async Task<List<User>> ListAllUsersAsync(int limit)
    {
        var users = new List<User>();
        Uri? next = new($"/api/v1/users?limit={limit}", UriKind.Relative);
        while (next is not null)
        {
            using var response = await http.GetAsync(next);
            response.EnsureSuccessStatusCode();
            users.AddRange((await response.Content.ReadFromJsonAsync<User[]>(Json))!);
            next = response.Headers.TryGetValues("Link", out var links)
                ? links.Where(l => l.Contains("rel=\"next\"", StringComparison.Ordinal))
                    .Select(l => new Uri(l[(l.IndexOf('<', StringComparison.Ordinal) + 1)..l.IndexOf('>', StringComparison.Ordinal)]))
                    .FirstOrDefault()
                : null;
        }

        return users;
    }

    private async Task<SpecResult<T>> SendAsync<T>(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        using var response = await http.SendAsync(request);
        var rate = new RateLimit(
            Header(response, "X-Rate-Limit-Limit"),
            Header(response, "X-Rate-Limit-Remaining"),
            Header(response, "X-Rate-Limit-Reset"));
        if (response.IsSuccessStatusCode)
        {
            return new SpecResult<T>(response.StatusCode, await response.Content.ReadFromJsonAsync<T>(Json), null, rate);
        }

        return new SpecResult<T>(response.StatusCode, default, await response.Content.ReadFromJsonAsync<Error>(Json), rate);
    }

    private static long? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) && long.TryParse(values.First(), out var value) ? value : null;

    internal sealed record SpecResult<T>(HttpStatusCode Status, T? Value, Error? Error, RateLimit RateLimit);

    internal sealed record RateLimit(long? Limit, long? Remaining, long? Reset);

    internal sealed record CreateUserRequest(UserProfile Profile, IReadOnlyList<string>? GroupIds);

    internal sealed record UserProfile(string Login, string Email, string FirstName, string LastName);

    internal sealed record User(string Id, string Status, DateTimeOffset Created, DateTimeOffset? Activated, UserProfile Profile, UserCredentials? Credentials);

    internal sealed record UserCredentials(AuthenticationProvider Provider);

    internal sealed record AuthenticationProvider(string Type, string Name);

    internal sealed record Group(string Id, string Type, GroupProfile Profile, string[] ObjectClass);

    internal sealed record GroupProfile(string Name, string? Description);

    internal sealed record UserActivationToken(string? ActivationToken, string? ActivationUrl);

    internal sealed record Error(string ErrorCode, string ErrorSummary, string ErrorLink, string ErrorId, ErrorCause[] ErrorCauses);

    internal sealed record ErrorCause(string ErrorSummary);
}
