using Ferry.Core.Jobs;
using Ferry.Core.Okta;
using Ferry.Core.Operations;
using Ferry.Core.Outcomes;

namespace Ferry.Core.Reports;

/// <summary>Assembles a <see cref="JobSummary"/> from the tally, the groups phase, the call counts and the timings.</summary>
public static class SummaryBuilder
{
    public static GroupsSummary Groups(GroupResolution groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var all = groups.Groups;
        return new GroupsSummary(
            all.Count,
            all.Count(g => g.Id is not null && !g.Created),
            all.Count(g => g.Created),
            all.Count(g => g.WouldCreate),
            all.Count(g => g.AlreadyImplied),
            all.Where(g => g.ErrorCode is not null).Select(g => new GroupProblem(g.Name, g.ErrorCode, g.ErrorSummary)).ToList());
    }

    public static JobSummary Build(
        string file,
        JobOptions options,
        string outcome,
        JobFailure? failure,
        OutcomeTally tally,
        GroupsSummary groups,
        IReadOnlyDictionary<string, BucketCalls> calls,
        IReadOnlyList<string> ignoredColumns,
        DateTimeOffset startedAt,
        DateTimeOffset finishedAt,
        IReadOnlyDictionary<string, double> phaseSeconds)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tally);
        ArgumentNullException.ThrowIfNull(calls);
        return new JobSummary
        {
            File = file,
            Options = options.ToWire(),
            Outcome = outcome,
            Failure = failure,
            RowsTotal = tally.Rows,
            RowsInvalid = tally.Invalid,
            RowsSucceeded = tally.Succeeded,
            RowsNeedingAttention = tally.NeedingAttention,
            Actions = tally.Actions.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            ErrorCodes = tally.ErrorCodes.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            Groups = groups,
            Calls = calls,
            CallsTotal = calls.Values.Sum(c => c.Requests),
            Throttled = calls.Values.Sum(c => c.Throttled),
            IgnoredColumns = ignoredColumns,
            StartedAt = startedAt,
            FinishedAt = finishedAt,
            DurationSeconds = Math.Round((finishedAt - startedAt).TotalSeconds, 3),
            PhaseSeconds = phaseSeconds,
        };
    }
}
