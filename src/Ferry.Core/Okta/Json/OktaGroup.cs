namespace Ferry.Core.Okta.Json;

/// <summary>The parts of Okta's <c>Group</c> schema Ferry reads.</summary>
public sealed record OktaGroup(string Id, string Type, OktaGroupProfile Profile)
{
    public const string OktaGroupType = "OKTA_GROUP";
}
