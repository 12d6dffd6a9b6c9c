namespace Ferry.Core.Okta.Json;

/// <summary>Okta's <c>UserActivationToken</c> (Ferry never stores or reports it).</summary>
public sealed record OktaActivationToken(string? ActivationUrl, string? ActivationToken);
