namespace Ferry.Core.Okta;

/// <summary>How Ferry authenticates to Okta's Management API (<c>Okta:AuthorizationMode</c>).</summary>
public enum OktaAuthorizationMode
{
    /// <summary><c>Authorization: SSWS &lt;Okta:ApiToken&gt;</c>: a static API token.</summary>
    Ssws,

    /// <summary>
    /// An OAuth 2.0 service app: a client assertion signed with <c>Okta:PrivateKey</c> (private_key_jwt) is exchanged at
    /// the org's <c>/oauth2/v1/token</c> for a short-lived access token with the scopes the job kinds need.
    /// </summary>
    PrivateKey,
}
