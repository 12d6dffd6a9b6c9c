using System.Reflection;
using Ferry.Core.Auth0;
using Ferry.Testing;

namespace Ferry.Core.Tests.Auth0;

/// <summary>docs/auth0.md's input section names every CSV header, code and setting the reader has.</summary>
public sealed class Auth0DocsTests
{
    [Fact]
    public void EveryCsvHeaderCodeAndSetting_IsInAuth0Md()
    {
        var names = Auth0HeaderMap.Table.Select(e => e.Header)
            .Concat(ConstantsOf(typeof(Auth0RowErrorCodes)))
            .Concat(ConstantsOf(typeof(Auth0FailureCodes)))
            .Concat(typeof(Auth0PlanSettings).GetProperties().Where(p => p.Name != "EqualityContract").Select(p => p.Name).Where(n => n != nameof(Auth0PlanSettings.Default)))
            .Concat(Auth0HashRulesAlgorithms());

        Assert.Empty(Docs.Undocumented("docs/auth0.md", names));
    }

    private static IEnumerable<string> Auth0HashRulesAlgorithms() => Auth0HashRules.Algorithms;

    private static IEnumerable<string> ConstantsOf(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
}
