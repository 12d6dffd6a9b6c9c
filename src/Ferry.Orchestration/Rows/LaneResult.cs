using Ferry.Core.Okta;
using Ferry.Orchestration.Jobs;

namespace Ferry.Orchestration.Rows;

/// <summary>What a lane did: its rows' counts and calls, whether it stopped early (terminate), and a job-ending failure and its code (null: <c>okta-unauthorized</c>).</summary>
public sealed record LaneResult(RowTally Tally, IReadOnlyDictionary<string, BucketCalls> Calls, bool Stopped, string? Fatal, string? FatalCode = null);
