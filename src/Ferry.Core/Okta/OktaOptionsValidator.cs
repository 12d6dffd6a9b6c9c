using Ferry.Core.Okta.OAuth;
using Microsoft.Extensions.Options;

namespace Ferry.Core.Okta;

/// <summary>
/// Checks the credentials of <see cref="OktaOptions"/> at start, naming the key that is wrong or missing: SSWS needs
/// <c>Okta:ApiToken</c>; PrivateKey needs <c>Okta:ClientId</c> and a private key that loads. Never quotes a secret.
/// </summary>
public sealed class OktaOptionsValidator : IValidateOptions<OktaOptions>
{
    public ValidateOptionsResult Validate(string? name, OktaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        switch (options.EffectiveAuthorizationMode)
        {
            case null when string.IsNullOrEmpty(options.ApiToken):
                return ValidateOptionsResult.Fail("Okta:ApiToken (an SSWS API token) or Okta:ClientId (an OAuth 2.0 service app, with Okta:PrivateKey or Okta:PrivateKeyFile) is required.");
            case null:
                return ValidateOptionsResult.Fail("Okta:ApiToken and Okta:ClientId are both set: set Okta:AuthorizationMode to SSWS or PrivateKey.");
            case OktaAuthorizationMode.Ssws when string.IsNullOrWhiteSpace(options.ApiToken):
                return ValidateOptionsResult.Fail("Okta:ApiToken is required when Okta:AuthorizationMode is SSWS.");
            case OktaAuthorizationMode.Ssws:
                return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add("Okta:ClientId is required when Okta:AuthorizationMode is PrivateKey.");
        }

        if (!string.IsNullOrWhiteSpace(options.PrivateKey) && !string.IsNullOrWhiteSpace(options.PrivateKeyFile))
        {
            failures.Add("Okta:PrivateKey and Okta:PrivateKeyFile are both set: set one.");
        }
        else
        {
            using var key = OktaSigningKey.TryLoad(options, out var error);
            if (error is not null)
            {
                failures.Add(error + ".");
            }
        }

        var unknown = OktaScopes.Parse(options.Scopes).Where(s => !s.StartsWith("okta.", StringComparison.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            failures.Add($"Okta:Scopes holds {string.Join(", ", unknown)}: Okta's Management API scopes start with 'okta.' (e.g. {OktaScopes.UsersManage} {OktaScopes.GroupsManage}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
