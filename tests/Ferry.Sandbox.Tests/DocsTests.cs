using System.Collections;
using System.Reflection;
using Ferry.Testing;

namespace Ferry.Sandbox.Tests;

/// <summary>Every sandbox configuration key (the public contract) is documented in docs/sandbox.md.</summary>
public sealed class DocsTests
{
    [Fact]
    public void EverySandboxKey_IsInSandboxMd()
    {
        var keys = Keys(typeof(SandboxOptions), SandboxOptions.SectionName).ToList();

        Assert.Contains("Sandbox:RateLimit:Limits:<bucket>", keys);
        Assert.Contains("Sandbox:Faults:ServerErrorRate", keys);
        Assert.Contains("Sandbox:Auth0:RateLimit:Limit", keys);
        Assert.Contains("Sandbox:Auth0:AdditionalConnections:<n>", keys);
        Assert.Contains("Sandbox:OAuth:Apps:<clientId>:PublicKey", keys);
        Assert.True(keys.Count >= 17, string.Join(", ", keys));
        Assert.Empty(Docs.Undocumented("docs/sandbox.md", keys));
    }

    /// <summary>Configuration keys of an options class, nested classes flattened; a dictionary is <c>:&lt;bucket&gt;</c>, a list <c>:&lt;n&gt;</c>.</summary>
    private static IEnumerable<string> Keys(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var key = $"{prefix}:{property.Name}";
            var kind = property.PropertyType;
            if (kind.IsGenericType && kind.GetGenericTypeDefinition() == typeof(Dictionary<,>) && IsSandboxClass(kind.GetGenericArguments()[1]))
            {
                // A dictionary of sections (the service apps) is keyed by client id.
                foreach (var inner in Keys(kind.GetGenericArguments()[1], $"{key}:<clientId>"))
                {
                    yield return inner;
                }
            }
            else if (kind.IsGenericType && kind.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                yield return $"{key}:<bucket>";
            }
            else if (kind != typeof(string) && typeof(IEnumerable).IsAssignableFrom(kind))
            {
                yield return $"{key}:<n>";
            }
            else if (IsSandboxClass(kind))
            {
                foreach (var inner in Keys(kind, key))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return key;
            }
        }
    }

    private static bool IsSandboxClass(Type kind) =>
        kind.IsClass && kind != typeof(string) && kind.Namespace is { } ns && ns.StartsWith(typeof(SandboxOptions).Namespace!, StringComparison.Ordinal);
}
