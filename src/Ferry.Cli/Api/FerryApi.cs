using System.Net;
using System.Net.Http.Headers;
using Ferry.Cli.Configuration;

namespace Ferry.Cli.Api;

/// <summary>
/// The management API (docs/api.md) over HTTP, with the key as <c>x-ferry-key</c>. Redirects are not followed: the key
/// goes to the server named (<c>--url</c>, <c>FERRY_URL</c>, the profile) and nowhere else; a 3xx is an error
/// (<see cref="ApiAnswer.Describe"/>).
/// </summary>
public sealed class FerryApi : IDisposable
{
    private readonly HttpClient _http;

    public FerryApi(FerryConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = connection.Url, Timeout = TimeSpan.FromMinutes(10) };
        if (connection.Key is { Length: > 0 } key)
        {
            _http.DefaultRequestHeaders.Add("x-ferry-key", key);
        }
    }

    /// <summary>POST /api/migrations with the file as the body and the options (and its name) as query parameters.</summary>
    public async Task<ApiAnswer> StartAsync(string file, IReadOnlyDictionary<string, string> options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var query = string.Join('&', options.Append(KeyValuePair.Create("name", Path.GetFileName(file))).Select(o => $"{Uri.EscapeDataString(o.Key)}={Uri.EscapeDataString(o.Value)}"));
        await using var body = File.OpenRead(file);
        using var content = new StreamContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? "text/csv" : "application/octet-stream");
        using var response = await _http.PostAsync(Relative($"/api/migrations?{query}"), content, cancellationToken);
        return await ApiAnswer.ReadAsync(response, cancellationToken);
    }

    public Task<ApiAnswer> StatusAsync(string id, CancellationToken cancellationToken) => GetAsync($"/api/migrations/{Escape(id)}", cancellationToken);

    /// <summary>One page of <c>GET /api/migrations</c>, and the continuation token of the next (null: this was the last).</summary>
    public async Task<(ApiAnswer Answer, string? Next)> ListPageAsync(string? runtimeStatus, int top, string? continuationToken, CancellationToken cancellationToken)
    {
        var path = $"/api/migrations?top={top}{(runtimeStatus is null ? "" : $"&runtimeStatus={Uri.EscapeDataString(runtimeStatus)}")}";
        using var request = new HttpRequestMessage(HttpMethod.Get, Relative(path));
        if (continuationToken is not null)
        {
            request.Headers.Add(ContinuationHeader, continuationToken);
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        var next = response.Headers.TryGetValues(ContinuationHeader, out var values) ? values.FirstOrDefault(v => v.Length > 0) : null;
        return (await ApiAnswer.ReadAsync(response, cancellationToken), next);
    }

    public Task<ApiAnswer> ApproveAsync(string id, CancellationToken cancellationToken) => PostAsync($"/api/migrations/{Escape(id)}/raiseEvent/approve", cancellationToken);

    public Task<ApiAnswer> TerminateAsync(string id, string? reason, CancellationToken cancellationToken) =>
        PostAsync($"/api/migrations/{Escape(id)}/terminate{(reason is null ? "" : $"?reason={Uri.EscapeDataString(reason)}")}", cancellationToken);

    public Task<ApiAnswer> RerunFailedAsync(string id, CancellationToken cancellationToken) => PostAsync($"/api/migrations/{Escape(id)}/rerun-failed", cancellationToken);

    public Task<ApiAnswer> UndoAsync(string id, bool requireApproval, CancellationToken cancellationToken) =>
        PostAsync($"/api/migrations/{Escape(id)}/undo{(requireApproval ? "" : "?requireApproval=false")}", cancellationToken);

    /// <summary>GET /api/migrations/{id}/reports/{name} into <paramref name="destination"/>; the answer's body is left empty on 200.</summary>
    public async Task<ApiAnswer> DownloadReportAsync(string id, string name, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var response = await _http.GetAsync(Relative($"/api/migrations/{Escape(id)}/reports/{Escape(name)}"), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return await ApiAnswer.ReadAsync(response, cancellationToken);
        }

        await response.Content.CopyToAsync(destination, cancellationToken);
        return new ApiAnswer(response.StatusCode, null, null);
    }

    public void Dispose() => _http.Dispose();

    private async Task<ApiAnswer> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(Relative(path), cancellationToken);
        return await ApiAnswer.ReadAsync(response, cancellationToken);
    }

    private async Task<ApiAnswer> PostAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(Relative(path), content: null, cancellationToken);
        return await ApiAnswer.ReadAsync(response, cancellationToken);
    }

    private const string ContinuationHeader = "x-ms-continuation-token";

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private static Uri Relative(string path) => new(path, UriKind.Relative);
}
