using Ferry.Core.Okta;
using Ferry.Core.Operations;

namespace Ferry.Storage.Documents;

/// <summary>What one groups batch resolved (from name <see cref="First"/> of the plan), and the calls it made.</summary>
internal sealed record GroupsPart(int First, List<ResolvedGroup> Groups, Dictionary<string, BucketCalls> Calls);
