using Ferry.Durable.Tests.Hosting;
using Ferry.Durable.Tests.Workflows;
using Ferry.Server.Durable;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Entities;

namespace Ferry.Durable.Tests;

/// <summary>
/// <see cref="TaskHubClient.Entities"/> against a real Azurite and a real worker (entity work items on their own
/// queue), on a hub of its own.
/// </summary>
public sealed class TaskHubEntityClientTests(TaskHubFixture hub) : IClassFixture<TaskHubFixture>
{
    private DurableEntityClient Entities => hub.Client.Entities;

    [Fact]
    public async Task Signal_ThenGetEntity_ReturnsItsState()
    {
        using var timeout = Timeout();
        var id = new EntityInstanceId(nameof(Counter), Guid.NewGuid().ToString("N"));

        await Entities.SignalEntityAsync(id, nameof(Counter.Add), 5, cancellation: timeout.Token);
        await Entities.SignalEntityAsync(id, nameof(Counter.Add), 37, cancellation: timeout.Token);
        var typed = await WaitForStateAsync(id, 42, timeout.Token);
        var untyped = await Entities.GetEntityAsync(id, cancellation: timeout.Token);
        var withoutState = await Entities.GetEntityAsync<int>(id, includeState: false, timeout.Token);

        Assert.Equal(id, typed.Id);
        Assert.True(typed.IncludesState);
        Assert.NotNull(untyped);
        Assert.Equal(42, untyped.State.ReadAs<int>());
        Assert.NotNull(withoutState);
        Assert.False(withoutState.IncludesState);
        Assert.InRange(typed.LastModifiedTime, TimeProvider.System.GetUtcNow().AddMinutes(-1), TimeProvider.System.GetUtcNow());
    }

    [Fact]
    public async Task GetEntity_Unknown_ReturnsNull()
    {
        var id = new EntityInstanceId(nameof(Counter), Guid.NewGuid().ToString("N"));

        Assert.Null(await Entities.GetEntityAsync(id, cancellation: TestContext.Current.CancellationToken));
        Assert.Null(await Entities.GetEntityAsync<int>(id, cancellation: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Signal_ForLater_IsAppliedAfterItsTime()
    {
        using var timeout = Timeout();
        var id = new EntityInstanceId(nameof(Counter), Guid.NewGuid().ToString("N"));
        var at = TimeProvider.System.GetUtcNow().AddSeconds(3);

        await Entities.SignalEntityAsync(id, nameof(Counter.Add), 1, new SignalEntityOptions { SignalTime = at }, timeout.Token);
        await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, timeout.Token);
        var early = await Entities.GetEntityAsync<int>(id, cancellation: timeout.Token);
        var done = await WaitForStateAsync(id, 1, timeout.Token);

        Assert.True(early is null || early.State == 0, $"state {early?.State} before the signal's time");
        Assert.True(done.LastModifiedTime >= at.AddSeconds(-1), $"{done.LastModifiedTime:O} < {at:O}");
    }

    [Fact]
    public async Task GetAllEntities_ByNamePrefix_ListsThemWithState()
    {
        using var timeout = Timeout();
        var key = Guid.NewGuid().ToString("N");
        var ids = new[] { new EntityInstanceId(nameof(Counter), key + "-a"), new EntityInstanceId(nameof(Counter), key + "-b") };
        foreach (var id in ids)
        {
            await Entities.SignalEntityAsync(id, nameof(Counter.Add), 2, cancellation: timeout.Token);
        }

        foreach (var id in ids)
        {
            await WaitForStateAsync(id, 2, timeout.Token);
        }

        var found = await Entities.GetAllEntitiesAsync<int>(new EntityQuery { InstanceIdStartsWith = $"@counter@{key}", PageSize = 1 })
            .CollectAsync(timeout.Token);

        Assert.Equal(ids.Select(id => id.Key).Order(), found.Select(m => m.Id.Key).Order());
        Assert.All(found, m => Assert.Equal(2, m.State));
    }

    [Fact]
    public async Task CleanEntityStorage_NothingToClean_Completes()
    {
        using var timeout = Timeout();

        var result = await Entities.CleanEntityStorageAsync(cancellation: timeout.Token);

        Assert.Null(result.ContinuationToken);
    }

    private static CancellationTokenSource Timeout()
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(TimeSpan.FromSeconds(60));
        return source;
    }

    private async Task<EntityMetadata<int>> WaitForStateAsync(EntityInstanceId id, int state, CancellationToken cancellation)
    {
        while (true)
        {
            if (await Entities.GetEntityAsync<int>(id, cancellation: cancellation) is { IncludesState: true } metadata && metadata.State == state)
            {
                return metadata;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, cancellation);
        }
    }
}
