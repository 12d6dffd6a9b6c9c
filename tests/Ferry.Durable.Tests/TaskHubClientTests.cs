using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using Ferry.Durable.Tests.Hosting;
using Ferry.Durable.Tests.Workflows;
using Ferry.Server.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Ferry.Durable.Tests;

/// <summary>
/// <see cref="TaskHubClient"/> against a real Azurite and a real Durable Task worker. The tests of this class run one
/// at a time (xunit's default within a class) and share the hub, so each uses its own instance ids.
/// </summary>
public sealed class TaskHubClientTests(TaskHubFixture hub) : IClassFixture<TaskHubFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private TaskHubClient Client => hub.Client;

    [Fact]
    public async Task Schedule_TypedInput_CompletesWithTypedOutput()
    {
        using var timeout = Timeout();
        var id = NewId("greet");

        var scheduled = await Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(Greet), new GreetingRequest("ada", 2), new StartOrchestrationOptions { InstanceId = id }, timeout.Token);
        var done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(id, scheduled);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(nameof(Greet), done.Name);
        Assert.Equal(new GreetingRequest("ada", 2), done.ReadInputAs<GreetingRequest>());
        var greeting = done.ReadOutputAs<Greeting>();
        Assert.NotNull(greeting);
        Assert.Equal("Hello, ada", greeting.Text);
        Assert.Equal(["ADA!", "ADA!"], greeting.Parts);
        Assert.True(done.CreatedAt <= done.LastUpdatedAt);
        Assert.Equal(TimeSpan.Zero, done.CreatedAt.Offset);
        Assert.InRange(done.CreatedAt, TimeProvider.System.GetUtcNow() - Patience, TimeProvider.System.GetUtcNow());
    }

    [Fact]
    public async Task Schedule_WithoutInstanceId_UsesNewGuidAndStarts()
    {
        using var timeout = Timeout();

        var id = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(Greet), new GreetingRequest("bo", 0), timeout.Token);
        var started = await Client.WaitForInstanceStartAsync(id, cancellation: timeout.Token);

        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.NotEqual(OrchestrationRuntimeStatus.Pending, started.RuntimeStatus);
        await Client.WaitForInstanceCompletionAsync(id, cancellation: timeout.Token);
    }

    [Fact]
    public async Task Schedule_SameIdWithAllStatusesAsDedupe_ThrowsAndLeavesTheRunningInstance()
    {
        using var timeout = Timeout();
        var id = NewId("dedupe");
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitApproval), "first", new StartOrchestrationOptions { InstanceId = id }, timeout.Token);
        var running = await Client.WaitForInstanceStartAsync(id, getInputsAndOutputs: true, timeout.Token);

        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(AwaitApproval), "second", AllStatusesAsDedupe(id), timeout.Token));

        var after = await Client.GetInstancesAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.NotNull(after);
        Assert.Equal(OrchestrationRuntimeStatus.Running, after.RuntimeStatus);
        Assert.Equal("first", after.ReadInputAs<string>());
        Assert.Equal(running.CreatedAt, after.CreatedAt);
        await Client.RaiseEventAsync(id, AwaitApproval.EventName, new Approval("test", true), timeout.Token);
        var done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal("first", done.ReadInputAs<string>());
    }

    [Fact]
    public async Task Schedule_SameIdWithAllStatusesAsDedupe_ThrowsAndDoesNotRestartACompletedInstance()
    {
        using var timeout = Timeout();
        var id = NewId("dedupe-done");
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(Greet), new GreetingRequest("cy", 1), new StartOrchestrationOptions { InstanceId = id }, timeout.Token);
        var done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(Greet), new GreetingRequest("dee", 3), AllStatusesAsDedupe(id), timeout.Token));

        // Give a wrongly queued restart the time to run (the worker polls its queues every second at most).
        await Task.Delay(TimeSpan.FromSeconds(3), TimeProvider.System, timeout.Token);
        var after = await Client.GetInstancesAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.NotNull(after);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, after.RuntimeStatus);
        Assert.Equal(new GreetingRequest("cy", 1), after.ReadInputAs<GreetingRequest>());
        Assert.Equal(done.SerializedOutput, after.SerializedOutput);
        Assert.Equal(done.LastUpdatedAt, after.LastUpdatedAt);
    }

    [Fact]
    public async Task Provider_DedupeWithDefaultSettings_DropsTheRequestWithoutThrowing()
    {
        // Why the client checks dedupe statuses itself: with ThrowExceptionOnInvalidDedupeStatus off (the default),
        // the provider ignores the request and says nothing.
        using var timeout = Timeout();
        var id = NewId("provider-dedupe");
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(Greet), new GreetingRequest("el", 0), new StartOrchestrationOptions { InstanceId = id }, timeout.Token);
        await Client.WaitForInstanceCompletionAsync(id, cancellation: timeout.Token);
        var instance = new DurableTask.Core.OrchestrationInstance { InstanceId = id, ExecutionId = Guid.NewGuid().ToString("N") };
        var message = new DurableTask.Core.TaskMessage
        {
            OrchestrationInstance = instance,
            Event = new ExecutionStartedEvent(-1, hub.DataConverter.Serialize(new GreetingRequest("fy", 1)))
            {
                Name = nameof(Greet),
                Version = string.Empty,
                OrchestrationInstance = instance,
            },
        };

        await hub.Service.CreateTaskOrchestrationAsync(message, [DurableTask.Core.OrchestrationStatus.Completed]);

        var after = await Client.GetInstancesAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, after?.RuntimeStatus);
        Assert.Equal(new GreetingRequest("el", 0), after?.ReadInputAs<GreetingRequest>());
    }

    [Fact]
    public async Task Schedule_SameIdWithoutDedupe_ReplacesTheRunningInstance()
    {
        using var timeout = Timeout();
        var id = await StartAwaitingApprovalAsync("replace", "one", timeout.Token);

        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitApproval), "two", new StartOrchestrationOptions { InstanceId = id }, timeout.Token);
        var replaced = await WaitForAsync(id, m => m.SerializedCustomStatus?.Contains("two", StringComparison.Ordinal) == true, timeout.Token);
        await Client.RaiseEventAsync(id, AwaitApproval.EventName, new Approval("jo", true), timeout.Token);
        var done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Running, replaced.RuntimeStatus);
        Assert.Equal("two", done.ReadInputAs<string>());
        Assert.Single((await Client.GetOrchestrationHistoryAsync(id, timeout.Token)).OfType<ExecutionStartedEvent>());
    }

    [Fact]
    public async Task Schedule_UnknownDedupeStatus_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(Greet), null, new StartOrchestrationOptions { InstanceId = NewId("bad"), DedupeStatuses = ["Sleeping"] }, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RaiseEvent_WaitingOrchestrator_ReceivesThePayload()
    {
        using var timeout = Timeout();
        var id = await StartAwaitingApprovalAsync("event", "invoice 7", timeout.Token);

        await Client.RaiseEventAsync(id, AwaitApproval.EventName, new Approval("grace", true), timeout.Token);
        var done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(new Approval("grace", true), done.ReadOutputAs<Approval>());
    }

    [Fact]
    public async Task SuspendThenResume_StatusIsSuspendedThenTheInstanceCompletes()
    {
        using var timeout = Timeout();
        var id = await StartAwaitingApprovalAsync("suspend", "held", timeout.Token);

        await Client.SuspendInstanceAsync(id, "paused by test", timeout.Token);
        await WaitForStatusAsync(id, OrchestrationRuntimeStatus.Suspended, timeout.Token);

        // An event that arrives while suspended waits for the resume.
        await Client.RaiseEventAsync(id, AwaitApproval.EventName, new Approval("hal", false), timeout.Token);
        await Task.Delay(TimeSpan.FromSeconds(2), TimeProvider.System, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await Client.GetInstancesAsync(id, cancellation: timeout.Token))?.RuntimeStatus);

        await Client.ResumeInstanceAsync(id, "go on", timeout.Token);
        var done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(new Approval("hal", false), done.ReadOutputAs<Approval>());
    }

    [Fact]
    public async Task Terminate_RunningInstance_IsTerminatedWithTheReasonAsOutput()
    {
        using var timeout = Timeout();
        var id = await StartAwaitingApprovalAsync("terminate", "doomed", timeout.Token);

        await Client.TerminateInstanceAsync(id, "stopped by test", timeout.Token);
        var done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("stopped by test", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Terminate_Recursive_IsNotSupported()
    {
        await Assert.ThrowsAsync<NotSupportedException>(() => Client.TerminateInstanceAsync(
            NewId("x"), new TerminateInstanceOptions(Recursive: true), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GetInstances_UnknownId_ReturnsNull()
    {
        Assert.Null(await Client.GetInstancesAsync(NewId("nobody"), cancellation: TestContext.Current.CancellationToken));
        Assert.Null(await Client.GetInstancesAsync(NewId("nobody"), getInputsAndOutputs: true, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GetInstances_InputsAndOutputsOnlyWhenAsked_CustomStatusAlways()
    {
        using var timeout = Timeout();
        var id = NewId("status");
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitApproval), "order 42", new StartOrchestrationOptions { InstanceId = id }, timeout.Token);
        var running = await WaitForAsync(id, m => m.SerializedCustomStatus is not null, timeout.Token);

        var bare = await Client.GetInstancesAsync(id, cancellation: timeout.Token);
        var full = await Client.GetInstancesAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.NotNull(bare);
        Assert.Equal(OrchestrationRuntimeStatus.Running, bare.RuntimeStatus);
        Assert.Null(bare.SerializedInput);
        Assert.Null(bare.SerializedOutput);
        Assert.Null(bare.DataConverter);
        Assert.Throws<InvalidOperationException>(() => bare.ReadInputAs<string>());
        Assert.Equal(hub.DataConverter.Serialize(new WaitingStatus("waiting", "order 42")), bare.SerializedCustomStatus);
        Assert.NotNull(full);
        Assert.Equal("order 42", full.ReadInputAs<string>());
        Assert.Equal(new WaitingStatus("waiting", "order 42"), full.ReadCustomStatusAs<WaitingStatus>());
        Assert.Null(full.SerializedOutput);
        Assert.Equal(running.CreatedAt, full.CreatedAt);

        await Client.RaiseEventAsync(id, AwaitApproval.EventName, new Approval("ivy", true), timeout.Token);
        var done = await Client.WaitForInstanceCompletionAsync(id, cancellation: timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Null(done.SerializedOutput);
        var doneFull = await Client.GetInstancesAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(new Approval("ivy", true), doneFull?.ReadOutputAs<Approval>());
    }

    [Fact]
    public async Task GetInstances_FailedOrchestration_HasFailureDetails()
    {
        using var timeout = Timeout();
        var id = NewId("fail");
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(FailWith), "it broke", new StartOrchestrationOptions { InstanceId = id }, timeout.Token);

        var done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.NotNull(done.FailureDetails);
        Assert.Equal(typeof(InvalidOperationException).FullName, done.FailureDetails.ErrorType);
        Assert.Equal("it broke", done.FailureDetails.ErrorMessage);
        Assert.True(done.FailureDetails.IsCausedBy<InvalidOperationException>());
        var bare = await Client.GetInstancesAsync(id, cancellation: timeout.Token);
        Assert.Null(bare?.SerializedOutput);
        Assert.Equal("it broke", bare?.FailureDetails?.ErrorMessage);
    }

    [Fact]
    public async Task WaitForInstanceCompletion_UnknownId_Throws()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Client.WaitForInstanceCompletionAsync(
            NewId("ghost"), cancellation: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GetAllInstances_ByPrefixAndStatus_PagesOfTwoWithContinuationTokens()
    {
        using var timeout = Timeout();
        var prefix = NewId("query") + "-";
        var completedIds = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            completedIds.Add(await Client.ScheduleNewOrchestrationInstanceAsync(
                nameof(Greet), new GreetingRequest("q" + i, 1), new StartOrchestrationOptions { InstanceId = prefix + i }, timeout.Token));
        }

        var waiting = await Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(AwaitApproval), "query", new StartOrchestrationOptions { InstanceId = prefix + "w" }, timeout.Token);
        foreach (var id in completedIds)
        {
            await Client.WaitForInstanceCompletionAsync(id, cancellation: timeout.Token);
        }

        await WaitForStatusAsync(waiting, OrchestrationRuntimeStatus.Running, timeout.Token);
        var completedQuery = new OrchestrationQuery
        {
            InstanceIdPrefix = prefix,
            Statuses = [OrchestrationRuntimeStatus.Completed],
            PageSize = 2,
        };

        var pages = new List<Page<OrchestrationMetadata>>();
        await foreach (var page in Client.GetAllInstancesAsync(completedQuery).AsPages(pageSizeHint: 2).WithCancellation(timeout.Token))
        {
            pages.Add(page);
        }

        var all = pages.SelectMany(page => page.Values).ToList();
        Assert.Equal(completedIds.Order(), all.Select(m => m.InstanceId).Order());
        Assert.All(pages, page => Assert.InRange(page.Values.Count, 0, 2));
        Assert.True(pages.Count >= 3, $"{pages.Count} pages");
        Assert.NotNull(pages[0].ContinuationToken);
        Assert.All(all, m => Assert.Null(m.SerializedInput));

        // A page asked for with the first page's token continues after it.
        var second = await Client.GetAllInstancesAsync(completedQuery with { ContinuationToken = pages[0].ContinuationToken })
            .AsPages(pageSizeHint: 2).GetAsyncEnumerator(timeout.Token).FirstPageAsync();
        Assert.Equal(pages[1].Values.Select(m => m.InstanceId), second.Values.Select(m => m.InstanceId));

        var running = await Client.GetAllInstancesAsync(new OrchestrationQuery
        {
            InstanceIdPrefix = prefix,
            Statuses = [OrchestrationRuntimeStatus.Running],
            FetchInputsAndOutputs = true,
        }).CollectAsync(timeout.Token);
        var only = Assert.Single(running);
        Assert.Equal(waiting, only.InstanceId);
        Assert.Equal("query", only.ReadInputAs<string>());

        var everything = await Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix }).CollectAsync(timeout.Token);
        Assert.Equal(6, everything.Count);

        await Client.TerminateInstanceAsync(waiting, cancellation: timeout.Token);
    }

    [Fact]
    public async Task Purge_CompletedInstance_IsGone()
    {
        using var timeout = Timeout();
        var id = NewId("purge");
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(Greet), new GreetingRequest("purge", 1), new StartOrchestrationOptions { InstanceId = id }, timeout.Token);
        await Client.WaitForInstanceCompletionAsync(id, cancellation: timeout.Token);

        var result = await Client.PurgeInstanceAsync(id, cancellation: timeout.Token);

        Assert.Equal(1, result.PurgedInstanceCount);
        Assert.Null(await Client.GetInstancesAsync(id, cancellation: timeout.Token));
        Assert.Equal(0, (await Client.PurgeInstanceAsync(id, cancellation: timeout.Token)).PurgedInstanceCount);
    }

    [Fact]
    public async Task Purge_RunningInstance_Throws()
    {
        using var timeout = Timeout();
        var id = await StartAwaitingApprovalAsync("purge-running", "keep", timeout.Token);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Client.PurgeInstanceAsync(id, cancellation: timeout.Token));

        Assert.NotNull(await Client.GetInstancesAsync(id, cancellation: timeout.Token));
        await Client.TerminateInstanceAsync(id, cancellation: timeout.Token);
    }

    [Fact]
    public async Task PurgeAll_FilterOnCreationTimeAndStatus_PurgesOnlyThose()
    {
        using var timeout = Timeout();
        var keep = NewId("purge-keep");
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(Greet), new GreetingRequest("keep", 0), new StartOrchestrationOptions { InstanceId = keep }, timeout.Token);
        var kept = await Client.WaitForInstanceCompletionAsync(keep, cancellation: timeout.Token);
        await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, timeout.Token);
        var ids = new[] { NewId("purge-all"), NewId("purge-all") };
        foreach (var id in ids)
        {
            await Client.ScheduleNewOrchestrationInstanceAsync(nameof(Greet), new GreetingRequest("all", 0), new StartOrchestrationOptions { InstanceId = id }, timeout.Token);
        }

        var created = new List<DateTimeOffset>();
        foreach (var id in ids)
        {
            created.Add((await Client.WaitForInstanceCompletionAsync(id, cancellation: timeout.Token)).CreatedAt);
        }

        var result = await Client.PurgeAllInstancesAsync(
            new PurgeInstancesFilter(created.Min(), created.Max(), [OrchestrationRuntimeStatus.Completed]), timeout.Token);

        Assert.True(kept.CreatedAt < created.Min());
        Assert.Equal(2, result.PurgedInstanceCount);
        foreach (var id in ids)
        {
            Assert.Null(await Client.GetInstancesAsync(id, cancellation: timeout.Token));
        }

        Assert.NotNull(await Client.GetInstancesAsync(keep, cancellation: timeout.Token));
    }

    [Fact]
    public async Task CountHistoryEvents_GrowsWithActivitiesCalled()
    {
        using var timeout = Timeout();
        var counts = new Dictionary<int, int>();
        foreach (var times in new[] { 0, 1, 3 })
        {
            var id = NewId("history" + times);
            await Client.ScheduleNewOrchestrationInstanceAsync(nameof(Greet), new GreetingRequest("h", times), new StartOrchestrationOptions { InstanceId = id }, timeout.Token);
            await Client.WaitForInstanceCompletionAsync(id, cancellation: timeout.Token);
            counts[times] = await Client.CountHistoryEventsAsync(id, timeout.Token);
        }

        // Each activity adds its TaskScheduled and TaskCompleted and one more replay (OrchestratorStarted and
        // OrchestratorCompleted).
        Assert.True(counts[0] > 0);
        Assert.Equal(counts[0] + 4, counts[1]);
        Assert.Equal(counts[0] + 12, counts[3]);
    }

    [Fact]
    public async Task CountHistoryEvents_AfterContinueAsNew_CountsOnlyTheLastExecution()
    {
        using var timeout = Timeout();
        var once = NewId("countdown0");
        var thrice = NewId("countdown2");
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(Countdown), 0, new StartOrchestrationOptions { InstanceId = once }, timeout.Token);
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(Countdown), 2, new StartOrchestrationOptions { InstanceId = thrice }, timeout.Token);
        await Client.WaitForInstanceCompletionAsync(once, cancellation: timeout.Token);
        var done = await Client.WaitForInstanceCompletionAsync(thrice, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(0, done.ReadOutputAs<int>());
        var history = await Client.GetOrchestrationHistoryAsync(thrice, timeout.Token);
        var count = await Client.CountHistoryEventsAsync(thrice, timeout.Token);

        // Only the last execution (input 0, one activity); the framework seeds a continued execution's history with
        // one more OrchestratorCompleted than a first execution has, hence not exactly the count of 'once'.
        Assert.Equal(history.Count, count);
        Assert.Equal("0", Assert.Single(history.OfType<ExecutionStartedEvent>()).Input);
        Assert.Single(history.OfType<TaskScheduledEvent>());
        Assert.InRange(count, await Client.CountHistoryEventsAsync(once, timeout.Token), int.MaxValue);
        Assert.True(count < 2 * await Client.CountHistoryEventsAsync(once, timeout.Token));
    }

    [Fact]
    public async Task CountHistoryEvents_UnknownId_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Client.CountHistoryEventsAsync(NewId("none"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GetOrchestrationHistory_CompletedInstance_TypedEventsInOrder()
    {
        using var timeout = Timeout();
        var id = NewId("events");
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(Greet), new GreetingRequest("eve", 2), new StartOrchestrationOptions { InstanceId = id }, timeout.Token);
        await Client.WaitForInstanceCompletionAsync(id, cancellation: timeout.Token);

        var history = await Client.GetOrchestrationHistoryAsync(id, timeout.Token);

        Assert.Equal(await Client.CountHistoryEventsAsync(id, timeout.Token), history.Count);
        Assert.IsType<OrchestratorStartedEvent>(history[0]);
        var started = Assert.Single(history.OfType<ExecutionStartedEvent>());
        Assert.Equal(nameof(Greet), started.Name);
        Assert.Equal(id, started.OrchestrationInstance.InstanceId);
        Assert.Equal(new GreetingRequest("eve", 2), hub.DataConverter.Deserialize<GreetingRequest>(started.Input));
        Assert.All(history.OfType<TaskScheduledEvent>(), e => Assert.Equal(nameof(Shout), e.Name));
        Assert.Equal(2, history.OfType<TaskScheduledEvent>().Count());
        Assert.Equal(["\"EVE!\"", "\"EVE!\""], history.OfType<TaskCompletedEvent>().Select(e => e.Result));
        var completed = Assert.IsType<ExecutionCompletedEvent>(history[^2]);
        Assert.Equal(DurableTask.Core.OrchestrationStatus.Completed, completed.OrchestrationStatus);
        Assert.Equal("Hello, eve", hub.DataConverter.Deserialize<Greeting>(completed.Result)?.Text);
        Assert.All(history, e => Assert.Equal(DateTimeKind.Utc, e.Timestamp.Kind));
    }

    [Fact]
    public async Task Schedule_StartAt_StaysPendingUntilThen()
    {
        using var timeout = Timeout();
        var id = NewId("later");
        var startAt = TimeProvider.System.GetUtcNow().AddSeconds(4);

        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(Greet), new GreetingRequest("later", 0), new StartOrchestrationOptions { InstanceId = id, StartAt = startAt }, timeout.Token);
        await Task.Delay(TimeSpan.FromSeconds(2), TimeProvider.System, timeout.Token);
        var early = await Client.GetInstancesAsync(id, cancellation: timeout.Token);
        var earlyEvents = await Client.CountHistoryEventsAsync(id, timeout.Token);
        var done = await Client.WaitForInstanceCompletionAsync(id, cancellation: timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Pending, early?.RuntimeStatus);
        Assert.Equal(0, earlyEvents);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.True(done.LastUpdatedAt >= startAt.AddSeconds(-1), $"{done.LastUpdatedAt:O} < {startAt:O}");
    }

    private static string NewId(string what) => $"{what}-{Guid.NewGuid():N}";

    /// <summary>Starts an <see cref="AwaitApproval"/> instance under a new id and returns the id once it is running.</summary>
    private async Task<string> StartAwaitingApprovalAsync(string what, string input, CancellationToken cancellation)
    {
        var id = NewId(what);
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitApproval), input, new StartOrchestrationOptions { InstanceId = id }, cancellation);
        await WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running, cancellation);
        return id;
    }

    private static StartOrchestrationOptions AllStatusesAsDedupe(string id) => new StartOrchestrationOptions { InstanceId = id }
        .WithDedupeStatuses(Enum.GetValues<OrchestrationRuntimeStatus>());

    private static CancellationTokenSource Timeout()
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(Patience);
        return source;
    }

    private Task<OrchestrationMetadata> WaitForStatusAsync(string id, OrchestrationRuntimeStatus status, CancellationToken cancellation) =>
        WaitForAsync(id, m => m.RuntimeStatus == status, cancellation);

    private async Task<OrchestrationMetadata> WaitForAsync(string id, Func<OrchestrationMetadata, bool> condition, CancellationToken cancellation)
    {
        while (true)
        {
            if (await Client.GetInstancesAsync(id, cancellation: cancellation) is { } metadata && condition(metadata))
            {
                return metadata;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, cancellation);
        }
    }
}
