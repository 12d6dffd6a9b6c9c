using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Ferry.Sandbox.Auth0;

/// <summary>
/// Validates <c>Sandbox:Auth0</c> and its nested sections (data annotations do not recurse), naming the key at fault.
/// </summary>
public sealed class Auth0OptionsValidator : IValidateOptions<SandboxOptions>
{
    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var auth0 = options.Auth0;
        var failures = new List<string>();
        Annotations(auth0, "Sandbox:Auth0", failures);
        Annotations(auth0.RateLimit, "Sandbox:Auth0:RateLimit", failures);
        Annotations(auth0.Faults, "Sandbox:Auth0:Faults", failures);
        Positive(auth0.TokenLifetime, "Sandbox:Auth0:TokenLifetime", failures);
        Positive(auth0.RateLimit.Window, "Sandbox:Auth0:RateLimit:Window", failures);
        Positive(auth0.JobTimeout, "Sandbox:Auth0:JobTimeout", failures);
        Positive(auth0.JobRetention, "Sandbox:Auth0:JobRetention", failures);
        if (auth0.Faults.ImportAnswerDelay < TimeSpan.Zero || auth0.Faults.LookupAnswerDelay < TimeSpan.Zero)
        {
            failures.Add("Sandbox:Auth0:Faults:ImportAnswerDelay and LookupAnswerDelay must not be negative.");
        }

        if (auth0.PendingDelay < TimeSpan.Zero)
        {
            failures.Add("Sandbox:Auth0:PendingDelay must not be negative.");
        }

        if (auth0.AdditionalConnections.Any(string.IsNullOrWhiteSpace)
            || auth0.AdditionalConnections.Append(auth0.ConnectionName).Distinct(StringComparer.OrdinalIgnoreCase).Count() != auth0.AdditionalConnections.Count + 1)
        {
            failures.Add("Sandbox:Auth0:AdditionalConnections must be non-empty names, distinct from each other and from Sandbox:Auth0:ConnectionName.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Annotations(object instance, string section, List<string> failures)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(r => $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        }
    }

    private static void Positive(TimeSpan value, string key, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{key} must be positive.");
        }
    }
}
