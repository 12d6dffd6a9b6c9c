using Microsoft.Extensions.Options;

namespace Ferry.Server.Api;

/// <summary>
/// <c>Ferry:Api:*</c> at start: keys that break a rule (<see cref="ApiKeySet"/>) stop the server, each named by its
/// configuration key; so do no keys at all (unless anonymous) and a query-string key without webhook keys.
/// </summary>
public sealed class ApiOptionsValidator(IConfiguration configuration) : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keys = ApiKeySet.Read(configuration);
        var failures = new List<string>(keys.Problems);
        if (!options.AllowAnonymous && keys.Problems.Count == 0 && !keys.Keys.Any(k => k.Scope == KeyScope.Api))
        {
            failures.Add($"Set {ApiKeySet.KeysName} (one or more keys of at least {ApiKeySet.MinimumLength} characters), or {ApiOptions.SectionName}:AllowAnonymous=true for a local demo.");
        }

        if (options.AllowCodeOnWebhook && !keys.Keys.Any(k => k.Scope == KeyScope.Webhook))
        {
            failures.Add($"{ApiOptions.SectionName}:AllowCodeOnWebhook needs {ApiKeySet.WebhookKeysName}: only a webhook key may travel in a URL.");
        }

        if (options.MaxKeyFailures < 1)
        {
            failures.Add($"{ApiOptions.SectionName}:MaxKeyFailures must be at least 1.");
        }

        if (options.KeyFailureWindow < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{ApiOptions.SectionName}:KeyFailureWindow must be at least 1 second.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
