using Ferry.Core.Csv;
using Ferry.Core.Okta.Json;
using Ferry.Core.Operations;

namespace Ferry.Core.Tests.Operations;

public sealed class UndoCheckTests
{
    private static readonly DateTimeOffset JobEnd = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset UndoStart = JobEnd.AddHours(1);

    private static OktaUser User(string status, DateTimeOffset? lastUpdated = null, DateTimeOffset? lastLogin = null, DateTimeOffset? statusChanged = null) =>
        new("00u1", status, JobEnd.AddMinutes(-5), null) { LastUpdated = lastUpdated ?? JobEnd.AddMinutes(-5), LastLogin = lastLogin, StatusChanged = statusChanged };

    [Fact]
    public void ChangedSince_AsTheJobLeftIt_IsNull()
    {
        Assert.Null(UndoCheck.ChangedSince(User("STAGED"), new UndoTarget("00u1", "STAGED", JobEnd), UndoStart));
    }

    [Fact]
    public void ChangedSince_ActivatedBySomeoneElse_SaysSo()
    {
        var reason = UndoCheck.ChangedSince(User("ACTIVE", JobEnd.AddMinutes(10)), new UndoTarget("00u1", "STAGED", JobEnd), UndoStart);

        Assert.Equal("activated by someone else (status ACTIVE; the job left it STAGED)", reason);
    }

    [Fact]
    public void ChangedSince_LoggedIn_AndEdited_AreBothReasons()
    {
        var reason = UndoCheck.ChangedSince(User("ACTIVE", JobEnd.AddMinutes(3), JobEnd.AddMinutes(2)), new UndoTarget("00u1", "ACTIVE", JobEnd), UndoStart);

        Assert.Equal("logged in since the job (lastLogin 2026-12-01T10:02:00Z); profile edited since the job (lastUpdated 2026-12-01T10:03:00Z, after the job ended 2026-12-01T10:00:00Z)", reason);
    }

    [Fact]
    public void ChangedSince_DeactivatedByThisUndo_OnARetry_IsNotAChange()
    {
        var own = User("DEPROVISIONED", UndoStart.AddSeconds(5), statusChanged: UndoStart.AddSeconds(5));
        var earlier = User("DEPROVISIONED", JobEnd.AddMinutes(30), statusChanged: JobEnd.AddMinutes(30));

        Assert.Null(UndoCheck.ChangedSince(own, new UndoTarget("00u1", "ACTIVE", JobEnd), UndoStart));
        Assert.Equal("status changed to DEPROVISIONED (the job left it ACTIVE)", UndoCheck.ChangedSince(earlier, new UndoTarget("00u1", "ACTIVE", JobEnd), UndoStart));
    }
}
