using Ferry.Core.Okta;

namespace Ferry.Core.Operations;

/// <summary>The groups phase's result: every distinct name from the file, resolved (names compare case-insensitively).</summary>
public sealed class GroupResolution
{
    private readonly Dictionary<string, ResolvedGroup> _byName;

    public GroupResolution(IEnumerable<ResolvedGroup> groups, OktaFailure? fatal = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        _byName = new Dictionary<string, ResolvedGroup>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in groups)
        {
            _byName.TryAdd(group.Name, group);
        }

        Fatal = fatal;
    }

    public static GroupResolution Empty { get; } = new([]);

    /// <summary>A failure that stops the job (an invalid API token).</summary>
    public OktaFailure? Fatal { get; }

    public IReadOnlyCollection<ResolvedGroup> Groups => _byName.Values;

    public ResolvedGroup this[string name] =>
        _byName.TryGetValue(name, out var group)
            ? group
            : new ResolvedGroup(name, null, false, Outcomes.RowErrorCodes.GroupUnavailable, $"group '{name}' was not resolved");
}
