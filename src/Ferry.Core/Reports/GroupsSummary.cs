namespace Ferry.Core.Reports;

/// <summary>The groups phase in counts, and the groups that could not be resolved.</summary>
public sealed record GroupsSummary(int Distinct, int Found, int Created, int WouldCreate, int Implied, IReadOnlyList<GroupProblem> Problems)
{
    public static GroupsSummary None { get; } = new(0, 0, 0, 0, 0, []);
}
