using Ferry.Core.Jobs;
using Ferry.Core.Okta;
using Ferry.Core.Okta.Json;
using Ferry.Core.Outcomes;

namespace Ferry.Core.Operations;

/// <summary>
/// The groups phase: each distinct name is looked up by exact name (Okta's search, compared in code) and created
/// when missing and allowed. Many names are resolved from one listing of every OKTA_GROUP instead of a search each.
/// A concurrent create of the same name (another worker, another run) is resolved by looking the name up again.
/// </summary>
public sealed class GroupResolver(OktaClient okta)
{
    /// <summary>From this many names on, list every group once rather than search name by name.</summary>
    public const int ListThreshold = 50;

    private const string Everyone = "Everyone";

    public async Task<GroupResolution> ResolveAsync(IReadOnlyList<string> names, JobOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(options);
        if (names.Count == 0)
        {
            return GroupResolution.Empty;
        }

        Dictionary<string, OktaGroup>? listed = null;
        if (names.Count >= ListThreshold)
        {
            var all = await okta.ListOktaGroupsAsync(cancellationToken);
            if (all.Failed && all.Failure.IsFatal)
            {
                return new GroupResolution([], all.Failure);
            }

            if (!all.Failed)
            {
                listed = new Dictionary<string, OktaGroup>(StringComparer.OrdinalIgnoreCase);
                foreach (var group in all.Value!)
                {
                    listed.TryAdd(group.Profile.Name, group);
                }
            }
        }

        var resolved = new List<ResolvedGroup>(names.Count);
        foreach (var name in names)
        {
            var group = await ResolveOneAsync(name, listed, options, cancellationToken);
            if (group.Fatal is not null)
            {
                return new GroupResolution(resolved, group.Fatal);
            }

            resolved.Add(group.Group!);
        }

        return new GroupResolution(resolved);
    }

    private async Task<(ResolvedGroup? Group, OktaFailure? Fatal)> ResolveOneAsync(
        string name,
        Dictionary<string, OktaGroup>? listed,
        JobOptions options,
        CancellationToken cancellationToken)
    {
        OktaGroup? existing;
        string? builtInType = null;
        if (listed is not null)
        {
            existing = listed.GetValueOrDefault(name);
        }
        else
        {
            var found = await okta.FindGroupsByNameAsync(name, cancellationToken);
            if (found.Failed)
            {
                return found.Failure.IsFatal ? (null, found.Failure) : (Unavailable(name, found.Failure), null);
            }

            existing = found.Value!.FirstOrDefault(g => g.Type == OktaGroup.OktaGroupType);
            builtInType = found.Value!.FirstOrDefault(g => g.Type != OktaGroup.OktaGroupType)?.Type;
        }

        if (existing is not null)
        {
            return (new ResolvedGroup(name, existing.Id, false, null, null), null);
        }

        if (string.Equals(name, Everyone, StringComparison.OrdinalIgnoreCase) || builtInType == "BUILT_IN")
        {
            // Okta's built-in Everyone group already holds every user and cannot be assigned to.
            return (new ResolvedGroup(name, null, true, null, null), null);
        }

        if (builtInType is not null)
        {
            return (new ResolvedGroup(name, null, false, RowErrorCodes.GroupUnavailable, $"group '{name}' is an {builtInType}, managed outside Okta; it cannot be assigned"), null);
        }

        if (!options.CreateMissingGroups)
        {
            return (new ResolvedGroup(name, null, false, RowErrorCodes.GroupUnavailable, $"group '{name}' does not exist and createMissingGroups is false"), null);
        }

        if (options.DryRun)
        {
            return (new ResolvedGroup(name, null, false, null, null, WouldCreate: true), null);
        }

        var created = await okta.CreateGroupAsync(name, cancellationToken);
        if (!created.Failed)
        {
            return (new ResolvedGroup(name, created.Value!.Id, false, null, null, Created: true), null);
        }

        if (created.Failure.IsFatal)
        {
            return (null, created.Failure);
        }

        if (created.Failure.IsDuplicateName)
        {
            // Someone created it between our look-up and our create: use theirs.
            var again = await okta.FindGroupsByNameAsync(name, cancellationToken);
            if (!again.Failed && again.Value!.FirstOrDefault(g => g.Type == OktaGroup.OktaGroupType) is { } theirs)
            {
                return (new ResolvedGroup(name, theirs.Id, false, null, null), null);
            }
        }

        return (Unavailable(name, created.Failure), null);
    }

    private static ResolvedGroup Unavailable(string name, OktaFailure failure) =>
        new(name, null, false, failure.ErrorCode ?? RowErrorCodes.GroupUnavailable, $"group '{name}': {failure.Describe()}");
}
