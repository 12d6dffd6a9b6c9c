using Microsoft.Extensions.Options;

namespace Ferry.Server.ForwardedHeaders;

/// <summary><c>Ferry:ForwardedHeaders:*</c> at start: every entry an address or a network, each bad one named.</summary>
public sealed class TrustedProxyValidator(IConfiguration configuration) : IValidateOptions<TrustedProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, TrustedProxyOptions options) =>
        TrustedProxies.Read(configuration).Problems is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
