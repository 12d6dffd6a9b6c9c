using Ferry.Core.Auth0;
using Ferry.Orchestration.Jobs;

namespace Ferry.Orchestration.Auth0;

/// <summary>
/// An Auth0 job's document, written once when it is planned: the plan (chunks as byte ranges, duplicates, counts), the
/// options, when the job started, the input and the tenant and connection. Never a row.
/// </summary>
public sealed record Auth0JobDocument(Auth0Plan Plan, IReadOnlyDictionary<string, string> Options, DateTimeOffset StartedAt, BlobRef Input, Auth0Target Target);
