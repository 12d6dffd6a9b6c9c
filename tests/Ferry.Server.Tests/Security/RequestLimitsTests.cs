using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;

namespace Ferry.Server.Tests.Security;

/// <summary>
/// Bounded requests: an upload over <c>Ferry:Api:MaxUploadBytes</c> (1,000,000 bytes on this node) is refused with
/// 413 before anything is stored, counted as it streams when it has no length; a JSON body is capped at 64 KB and
/// 16 levels; an Event Grid batch at 1 MiB and 100 events; any other body at Kestrel's 1 MiB. Asserted by status and
/// by what storage holds afterwards, never by timing.
/// </summary>
[Collection("stack")]
public sealed class RequestLimitsTests(FerryStack stack)
{
    private const int MaxUploadBytes = 1_000_000;
    private const string Node = "limits";

    private Task<FerryServerHost> ServerAsync() =>
        stack.OtherServerAsync(Node, new Dictionary<string, string?> { ["Ferry:Api:MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    [Fact]
    public async Task Upload_OneByteOverMaxUploadBytes_Is413_AndNoBlobIsWritten()
    {
        using var client = (await ServerAsync()).CreateClient();
        var name = $"{Jobs.Unique("over")}.csv";
        using var content = new ByteArrayContent(Csv(MaxUploadBytes + 1));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");

        var response = await client.SendAsync(LargePost($"/api/migrations?name={name}", content));

        await AssertTooLargeAsync(response, "Ferry:Api:MaxUploadBytes");
        Assert.Empty(await InboxBlobsAsync(name));
    }

    [Fact]
    public async Task Upload_StreamedWithoutALength_IsCountedAsItIsRead_413_AndNoBlobIsWritten()
    {
        using var client = (await ServerAsync()).CreateClient();
        var name = $"{Jobs.Unique("chunked")}.csv";
        using var content = new StreamContent(new UnseekableStream(Csv(MaxUploadBytes + 1)));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/migrations?name={name}", UriKind.Relative)) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await client.SendAsync(request);

        await AssertTooLargeAsync(response, "Ferry:Api:MaxUploadBytes");
        Assert.Empty(await InboxBlobsAsync(name));
    }

    [Fact]
    public async Task Upload_OfExactlyMaxUploadBytes_IsAccepted()
    {
        using var client = (await ServerAsync()).CreateClient();
        var name = $"{Jobs.Unique("fits")}.csv";
        using var content = new ByteArrayContent(Csv(MaxUploadBytes));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");

        var response = await client.PostAsync(new Uri($"/api/migrations?name={name}&dryRun=true", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var stored = Assert.Single(await InboxBlobsAsync(name));
        Assert.Equal(MaxUploadBytes, stored.Properties.ContentLength);
    }

    [Fact]
    public async Task JsonBody_Of64MB_Is413_AndNoJobStarts()
    {
        using var client = stack.Server.CreateClient();
        // A .txt blob: the inbox watcher leaves it alone, so a job for it could only come from this start.
        var name = $"staging/{Jobs.Unique("huge")}.txt";
        await stack.Blobs.GetBlobContainerClient("ferry-inbox").GetBlobClient(name).UploadAsync(BinaryData.FromString(Jobs.Csv(Jobs.Unique("huge"), 1)));
        var body = new StringBuilder(64 * 1024 * 1024 + 100).Append("{\"blob\":{\"name\":\"").Append(name).Append("\"},\"pad\":\"").Append('a', 64 * 1024 * 1024).Append("\"}").ToString();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        var response = await client.SendAsync(LargePost("/api/migrations", content));

        await AssertTooLargeAsync(response, "64 KB");
        var jobs = (await client.GetFromJsonAsync<JsonArray>(new Uri("/api/migrations?top=1000", UriKind.Relative)))!.ToJsonString();
        Assert.DoesNotContain(name, jobs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonBody_NestedTenThousandDeep_Is400()
    {
        using var client = stack.Server.CreateClient();
        var body = "{\"blob\":" + new string('[', 10_000) + new string(']', 10_000) + "}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        var response = await client.PostAsync(new Uri("/api/migrations", UriKind.Relative), content);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Invalid body", problem!["title"]!.ToString());
        Assert.Contains("nested", problem["detail"]!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventGrid_BatchOverTheBounds_Is413_AndStartsNothing()
    {
        using var client = stack.Server.CreateClient();
        // A blob nobody dropped (the inbox watcher would start a real one itself): what matters is what the batch is answered.
        var name = $"{Jobs.Unique("grid-many")}.csv";
        var one = $$"""{"id":"{0}","eventType":"Microsoft.Storage.BlobCreated","subject":"/blobServices/default/containers/ferry-inbox/blobs/grid/{{name}}","data":{"api":"PutBlob"} }""";
        var tooMany = "[" + string.Join(',', Enumerable.Range(0, 101).Select(i => one.Replace("{0}", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))) + "]";
        var tooBig = "[" + one.Replace("{0}", new string('x', 1024 * 1024), StringComparison.Ordinal) + "]";

        var many = await client.PostAsync(new Uri("/api/events/blob-created", UriKind.Relative), new StringContent(tooMany, Encoding.UTF8, "application/json"));
        var big = await client.SendAsync(LargePost("/api/events/blob-created", new StringContent(tooBig, Encoding.UTF8, "application/json")));

        await AssertTooLargeAsync(many, "100 events");
        await AssertTooLargeAsync(big, "1 MiB");
        var jobs = (await client.GetFromJsonAsync<JsonArray>(new Uri("/api/migrations?top=1000", UriKind.Relative)))!.ToJsonString();
        Assert.DoesNotContain(name, jobs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyOtherBody_OverKestrelsLimit_Is413()
    {
        using var client = stack.Server.CreateClient(withKey: false);
        using var form = new StringContent("key=" + new string('k', 2 * 1024 * 1024), Encoding.ASCII, "application/x-www-form-urlencoded");

        var response = await client.PostAsync(new Uri("/dashboard/signin", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    /// <summary>
    /// A large POST as curl sends one (<c>Expect: 100-continue</c>): the server's 413 comes before the body is sent. A
    /// client that sends anyway meets a closed connection once the 413 is written, by design.
    /// </summary>
    private static HttpRequestMessage LargePost(string path, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.ExpectContinue = true;
        return request;
    }

    private static async Task AssertTooLargeAsync(HttpResponseMessage response, string limit)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{(int)response.StatusCode}: {text}");
        var problem = JsonNode.Parse(text)!;
        Assert.Equal("Request body too large", problem["title"]!.ToString());
        Assert.Contains(limit, problem["detail"]!.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The node's inbox blobs (committed ones) stored for an upload named <paramref name="name"/>.</summary>
    private async Task<List<BlobItem>> InboxBlobsAsync(string name)
    {
        var found = new List<BlobItem>();
        await foreach (var item in stack.Blobs.GetBlobContainerClient($"{Node}-inbox").GetBlobsAsync(BlobTraits.None, BlobStates.None, "http/", default))
        {
            if (item.Name.EndsWith($"/{name}", StringComparison.Ordinal))
            {
                found.Add(item);
            }
        }

        return found;
    }

    /// <summary>A CSV of exactly <paramref name="bytes"/> bytes: a header and blank lines (its job fails for want of rows).</summary>
    private static byte[] Csv(int bytes)
    {
        var file = new byte[bytes];
        Array.Fill(file, (byte)'\n');
        "email,firstName,lastName\n"u8.CopyTo(file);
        return file;
    }

    /// <summary>A body of unknown length: HttpClient sends it chunked, so only counting while reading can bound it.</summary>
    private sealed class UnseekableStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
