namespace Ferry.Sandbox.Directory;

/// <summary>A group snapshot. <see cref="Type"/> is OKTA_GROUP for groups created over the API, BUILT_IN for Everyone.</summary>
public sealed record DirectoryGroup
{
    public const string OktaGroup = "OKTA_GROUP";
    public const string BuiltIn = "BUILT_IN";

    public required string Id { get; init; }

    public required int Seq { get; init; }

    public required string Type { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required DateTimeOffset LastUpdated { get; init; }

    public required DateTimeOffset LastMembershipUpdated { get; init; }
}
