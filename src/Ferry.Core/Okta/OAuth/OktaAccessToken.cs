namespace Ferry.Core.Okta.OAuth;

/// <summary>An access token from Okta's token endpoint. Deliberately not a record: nothing prints its value.</summary>
public sealed class OktaAccessToken(string value, bool dpop, DateTimeOffset renewAt)
{
    public string Value { get; } = value;

    /// <summary>Bound to this process's DPoP key: sent as <c>Authorization: DPoP</c> with a proof.</summary>
    public bool DPoP { get; } = dpop;

    /// <summary>When the token is asked for again: shortly before it expires.</summary>
    public DateTimeOffset RenewAt { get; } = renewAt;

    public override string ToString() => $"{(DPoP ? "DPoP" : "Bearer")} access token, renewed at {RenewAt:O}";
}
