using Azure.Storage.Blobs;
using Ferry.Orchestration.Jobs;
using Ferry.Orchestration.Rows;
using Ferry.Storage;
using Ferry.Storage.Documents;
using Ferry.Storage.Inputs;
using Ferry.Storage.Outcomes;
using Ferry.Storage.Progress;
using Ferry.Storage.Reports;
using Ferry.Testing.Security;
using Microsoft.Extensions.Options;

namespace Ferry.Durable.Tests.Storage;

/// <summary>
/// Every storage path goes through <see cref="BlobGuard"/>, on real Azurite with a foreign blob
/// (<c>private-x/{unique}/users.csv</c>) beside Ferry's containers: a hostile name or id is refused before a request is
/// sent, a client the SDK built outside its container is refused after, and a hostile name that someone with storage
/// access put among Ferry's own blobs is left alone rather than followed out of the container.
/// </summary>
public sealed class BlobGuardTests(FerryStorageFixture fixture) : IClassFixture<FerryStorageFixture>, IAsyncLifetime
{
    private readonly FerryStorage _storage = fixture.Storage;
    private readonly BlobServiceClient _blobs = fixture.Blobs;
    private ForeignBlob _foreign = null!;

    public async ValueTask InitializeAsync() => _foreign = await ForeignBlob.CreateAsync(_blobs, TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private string Traversal => $"../{_foreign.Path}";

    [Fact]
    public void GetCheckedBlobClient_HostileNames_AreRefusedBeforeAnyRequest()
    {
        var before = _storage.Requests.Requests;

        foreach (var (name, rule) in new[] { (Traversal, "dot-segment"), ($"a/../../{_foreign.Path}", "dot-segment"), ($"..\\{_foreign.Path}", "backslash"), ("%2e%2e/x.csv", "reserved-character"), ($"/{_foreign.Path}", "leading-slash") })
        {
            var refused = Assert.Throws<UnsafeBlobNameException>(() => _storage.Inbox.GetCheckedBlobClient(name));
            Assert.Equal(rule, refused.Problem.Rule);
            Assert.DoesNotContain(_foreign.Folder, refused.Message, StringComparison.Ordinal);
            Assert.Equal(rule, _storage.Inbox.TryGetCheckedBlobClient(name, out _)!.Rule);
            Assert.Throws<UnsafeBlobNameException>(() => _storage.Reports.GetCheckedBlockBlobClient(name));
        }

        Assert.Equal(before, _storage.Requests.Requests);
    }

    [Fact]
    public void Escaped_TheClientTheSdkBuildsForATraversal_IsInAnotherContainer_AndRefused()
    {
#pragma warning disable RS0030 // what the guard stands between: the SDK's own factory
        var built = _storage.Inbox.GetBlobClient(Traversal);
#pragma warning restore RS0030

        Assert.Equal(ForeignBlob.Container, built.BlobContainerName);
        Assert.Equal(_foreign.Name, built.Name);
        Assert.Equal("left-container", BlobGuard.Escaped(built, _storage.Inbox.Name, Traversal)!.Rule);
        Assert.Null(BlobGuard.Escaped(_storage.Inbox.GetCheckedBlobClient("import/users.csv"), _storage.Inbox.Name, "import/users.csv"));
    }

    [Fact]
    public async Task InputBlobs_AJobInputWithAHostileName_IsNeitherPinnedReadTaggedNorDeleted()
    {
        // As a job started before the rule would hold it: pinned to the foreign blob's own ETag.
        var inputs = new InputBlobs(_storage, Options.Create(new JobsOptions()));
        var input = new BlobRef(_storage.Inbox.Name, Traversal, _foreign.ETag);
        var undo = new BlobRef(_storage.State.Name, $"undo/../../{_foreign.Path}", _foreign.ETag);

        await Assert.ThrowsAsync<UnsafeBlobNameException>(() => inputs.PinAsync(input.Container, input.Name, input.ETag, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<UnsafeBlobNameException>(() => inputs.OpenAsync(input, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<UnsafeBlobNameException>(() => inputs.OpenRangeAsync(input, 0, 10, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<InvalidOperationException>(() => inputs.OpenAsync(undo, TestContext.Current.CancellationToken));
        await inputs.TagAsync(input, "users-000000000000", "Completed", TestContext.Current.CancellationToken);
        await inputs.DeleteAsync(input, TestContext.Current.CancellationToken);

        Assert.False(inputs.IsUndoInput("users-000000000000-undo1", undo));
        Assert.Empty(await _foreign.ChangesAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("..")]
    [InlineData("a/../../b")]
    [InlineData("..%2Fx")]
    [InlineData("users-3f9a1c2b7d4e:rows:0")]
    public async Task JobPaths_ForIdsThatAreNotJobIds_AreRefusedBeforeAnyRequest(string id)
    {
        var documents = new JobDocumentStore(_storage);
        var outcomes = new OutcomeBatchStore(_storage);
        var live = new LiveProgressStore(_storage);
        var reports = new BlobReports(_storage);
        var before = _storage.Requests.Requests;

        await Assert.ThrowsAsync<UnsafeBlobNameException>(() => documents.TryLoadAsync(id, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<UnsafeBlobNameException>(() => documents.DeleteAsync(id, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<UnsafeBlobNameException>(() => documents.SaveLinesAsync(id, [1], TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<UnsafeBlobNameException>(() => outcomes.ReadAsync(id, "rows", 0, 0, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<UnsafeBlobNameException>(() => outcomes.DeleteAsync(id, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<UnsafeBlobNameException>(() => live.WriteAsync(id, "rows", 0, 0, new LiveBatch(1, 1, 0, 0), [], TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<UnsafeBlobNameException>(() => live.ReadDoneAsync(id, "rows", 0, 0, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<UnsafeBlobNameException>(() => reports.DeleteAsync(id, TestContext.Current.CancellationToken));
        Assert.Throws<UnsafeBlobNameException>(() => reports.PathOf(id, "results.csv"));

        Assert.Equal(before, _storage.Requests.Requests);
    }

    [Fact]
    public async Task RerunLines_OutsideTheRerunsFolder_AreRefused()
    {
        var documents = new JobDocumentStore(_storage);

        await Assert.ThrowsAsync<InvalidOperationException>(() => documents.LoadLinesAsync(Traversal, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<UnsafeBlobNameException>(() => documents.LoadLinesAsync($"reruns/../../{_foreign.Path}", TestContext.Current.CancellationToken));
        Assert.Empty(await _foreign.ChangesAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Purge_LeavesAHostileNameAmongTheJobsBlobsAlone_AndDeletesTheRest()
    {
        var job = $"users-{_foreign.Folder}";
        var state = _blobs.GetBlobContainerClient(_storage.State.Name);
        // Someone with storage access: backslashes are stored as '/', so state holds "outcomes/{job}/rows/../../../../private-x/…";
        // followed, that name leaves the state container for the foreign blob.
        var planted = state.GetBlobClient($"outcomes/{job}/rows/..\\..\\..\\..\\{_foreign.Path.Replace('/', '\\')}");
        await planted.UploadAsync(BinaryData.FromString("planted"), TestContext.Current.CancellationToken);
        var own = state.GetBlobClient($"outcomes/{job}/rows/000000/000000.jsonl");
        await own.UploadAsync(BinaryData.FromString("{}"), TestContext.Current.CancellationToken);
        var document = state.GetBlobClient($"jobs/{job}/job.json");
        await document.UploadAsync(BinaryData.FromString("{}"), TestContext.Current.CancellationToken);
        var plantedInJobs = state.GetBlobClient($"jobs/{job}/..\\..\\..\\{_foreign.Path.Replace('/', '\\')}");
        await plantedInJobs.UploadAsync(BinaryData.FromString("planted"), TestContext.Current.CancellationToken);

        await new OutcomeBatchStore(_storage).DeleteAsync(job, TestContext.Current.CancellationToken);
        await new JobDocumentStore(_storage).DeleteAsync(job, TestContext.Current.CancellationToken);

        Assert.Empty(await _foreign.ChangesAsync(TestContext.Current.CancellationToken));
        Assert.False((await own.ExistsAsync(TestContext.Current.CancellationToken)).Value);
        Assert.False((await document.ExistsAsync(TestContext.Current.CancellationToken)).Value);
    }

    [Fact]
    public void Container_OnlyTakesContainerNames()
    {
        Assert.Throws<ArgumentException>(() => _storage.Container("ferry-inbox/../private-x"));
        Assert.Throws<ArgumentException>(() => _storage.Container(".."));
        Assert.Equal("private-x", _storage.Container("private-x").Name);
    }
}
