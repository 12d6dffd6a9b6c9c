using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Ferry.Storage;
using Ferry.Storage.Reports;

namespace Ferry.Durable.Tests.Storage;

/// <summary>
/// Reports are replaced in one step on real Azurite: a report that fits in one block is one Put Blob, a larger one
/// staged blocks and one block list; a reader sees the previous report until then; a stream not disposed
/// asynchronously writes nothing.
/// </summary>
public sealed class StagedBlobWriteStreamTests : IAsyncLifetime
{
    private AzuriteHost _azurite = null!;
    private BlobContainerClient _container = null!;
    private readonly StorageRequestCounter _requests = new();

    public async ValueTask InitializeAsync()
    {
        _azurite = await AzuriteHost.StartAsync(TestContext.Current.CancellationToken);
        var options = new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06);
        options.AddPolicy(_requests, Azure.Core.HttpPipelinePosition.PerRetry);
        var service = new BlobServiceClient(_azurite.ConnectionString, options);
        _requests.Name(service.Uri, "blob");
        _container = service.GetBlobContainerClient("reports");
        await _container.CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await _azurite.DisposeAsync();

    [Fact]
    public async Task OneBlock_IsOnePutBlob_WithItsContentType()
    {
        var blob = _container.GetBlockBlobClient("small.csv");
        var before = _requests.ByKind;

        await using (var stream = new StagedBlobWriteStream(blob, new BlobHttpHeaders { ContentType = "text/csv" }, blockSize: 64))
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes("row,login\n1,ann\n"), TestContext.Current.CancellationToken);
        }

        Assert.Equal([("blob PUT blob", 1L)], Sent(before));
        var read = await blob.DownloadContentAsync(TestContext.Current.CancellationToken);
        Assert.Equal("row,login\n1,ann\n", read.Value.Content.ToString());
        Assert.Equal("text/csv", read.Value.Details.ContentType);
    }

    [Fact]
    public async Task SeveralBlocks_AreStaged_AndCommittedOnce_WhileReadersSeeThePreviousReport()
    {
        var blob = _container.GetBlockBlobClient("large.csv");
        await _container.GetBlobClient("large.csv").UploadAsync(BinaryData.FromString("old report\n"), TestContext.Current.CancellationToken);
        var text = string.Concat(Enumerable.Range(0, 40).Select(i => $"{i},user{i}\n"));
        var before = _requests.ByKind;

        var stream = new StagedBlobWriteStream(blob, new BlobHttpHeaders { ContentType = "text/csv" }, blockSize: 100);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text), TestContext.Current.CancellationToken);
        var during = (await blob.DownloadContentAsync(TestContext.Current.CancellationToken)).Value.Content.ToString();
        await stream.DisposeAsync();

        Assert.Equal("old report\n", during);
        var read = await blob.DownloadContentAsync(TestContext.Current.CancellationToken);
        Assert.Equal(text, read.Value.Content.ToString());
        Assert.Equal("text/csv", read.Value.Details.ContentType);
        // ceil(length / 100) blocks and one block list, besides the two reads.
        var blocks = (Encoding.UTF8.GetByteCount(text) + 99) / 100;
        Assert.Equal([("blob GET blob", 2L), ("blob PUT comp", blocks + 1L)], Sent(before));
    }

    private IEnumerable<(string Kind, long Count)> Sent(IReadOnlyDictionary<string, long> before) =>
        _requests.ByKind.Select(k => (k.Key, k.Value - before.GetValueOrDefault(k.Key))).Where(k => k.Item2 > 0);

    [Fact]
    public async Task DisposedWithoutAwait_WritesNothing()
    {
        var blob = _container.GetBlockBlobClient("abandoned.csv");

        using (var stream = new StagedBlobWriteStream(blob, new BlobHttpHeaders { ContentType = "text/csv" }, blockSize: 64))
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes("1,ann\n"), TestContext.Current.CancellationToken);
        }

        Assert.False(await blob.ExistsAsync(TestContext.Current.CancellationToken));
    }
}
