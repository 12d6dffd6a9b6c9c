using Ferry.Core.Okta;

namespace Ferry.Orchestration.Groups;

/// <summary>How a groups phase ended: its calls, whether it was stopped, and a job-ending failure and its code (null: <c>okta-unauthorized</c>).</summary>
public sealed record GroupsResult(IReadOnlyDictionary<string, BucketCalls> Calls, bool Stopped, string? Fatal, string? FatalCode = null);
