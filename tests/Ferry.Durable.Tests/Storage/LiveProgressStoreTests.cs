using Ferry.Core.Outcomes;
using Ferry.Orchestration.Rows;
using Ferry.Storage;
using Ferry.Storage.Progress;

namespace Ferry.Durable.Tests.Storage;

/// <summary>
/// A running batch's checkpoint on real Azurite: the outcomes of its rows done so far and their counts, the counts
/// readable without the body (one HEAD), the outcomes as they were written, each write replacing the last.
/// </summary>
public sealed class LiveProgressStoreTests(FerryStorageFixture fixture) : IClassFixture<FerryStorageFixture>
{
    private readonly FerryStorage _storage = fixture.Storage;

    [Fact]
    public async Task Checkpoint_KeepsTheDoneRowsOutcomes_AndTheirCountsInMetadata_EachWriteReplacingTheLast()
    {
        var live = new LiveProgressStore(_storage);
        var job = $"live-{Guid.NewGuid():N}"[..20];
        var cancel = TestContext.Current.CancellationToken;
        RowOutcome Created(int row) => new(row, row + 1, $"u{row}@example.com", $"u{row}@example.com", RowAction.Created, "STAGED", $"00u{row}", ["Sales"], null, null, null, 1);
        var invalid = new RowOutcome(3, 4, "bad", "bad", RowAction.Invalid, null, null, [], RowErrorCodes.Invalid, "4:2 email: 'bad' is not an email", "email", 0);

        var before = await live.ReadAsync(job, "rows", 0, 0, cancel);
        var none = await live.ReadDoneAsync(job, "rows", 0, 0, cancel);
        await live.WriteAsync(job, "rows", 0, 0, new LiveBatch(1, 1, 0, 0), [Created(1)], cancel);
        await live.WriteAsync(job, "rows", 0, 0, new LiveBatch(3, 2, 0, 1), [Created(1), Created(2), invalid], cancel);
        var heads = _storage.Requests.ByKind;
        var counts = await live.ReadAsync(job, "rows", 0, 0, cancel);
        var sent = _storage.Requests.ByKind.Where(k => k.Value != heads.GetValueOrDefault(k.Key)).Select(k => k.Key).ToList();
        var done = await live.ReadDoneAsync(job, "rows", 0, 0, cancel);

        Assert.Null(before);
        Assert.Empty(none);
        Assert.Equal(new LiveBatch(3, 2, 0, 1), counts);
        Assert.Equal(["blob HEAD blob"], sent); // the counts without the outcomes
        Assert.Equal([1, 2, 3], done.Select(o => o.Row));
        Assert.Equal(Created(2) with { Groups = done[1].Groups }, done[1]);
        Assert.Equal(["Sales"], done[1].Groups);
        Assert.Equal(invalid.ErrorSummary, done[2].ErrorSummary);
    }
}
