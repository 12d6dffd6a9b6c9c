using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Api;

/// <summary>Checks the key of a request (header <c>x-ferry-key</c> or query <c>code</c>) in constant time.</summary>
public sealed class ApiKeys(IOptions<ApiOptions> options, IConfiguration configuration)
{
    public const string Header = "x-ferry-key";
    public const string Query = "code";

    private readonly byte[][] _keys = options.Value.EffectiveKeys(configuration).Select(Encoding.UTF8.GetBytes).ToArray();

    public bool AllowAnonymous { get; } = options.Value.AllowAnonymous;

    public bool HasKeys => _keys.Length > 0;

    /// <summary>The key the request presented, if it is a valid one.</summary>
    public string? ValidKey(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var presented = request.Headers[Header].FirstOrDefault() ?? request.Query[Query].FirstOrDefault();
        return IsValid(presented) ? presented : null;
    }

    /// <summary>Whether <paramref name="presented"/> is one of the keys (the dashboard's sign-in form).</summary>
    public bool IsValid(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        var bytes = Encoding.UTF8.GetBytes(presented);
        var valid = false;
        foreach (var key in _keys)
        {
            valid |= CryptographicOperations.FixedTimeEquals(bytes, key);
        }

        return valid;
    }
}
