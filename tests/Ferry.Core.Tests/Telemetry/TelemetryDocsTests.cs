using System.Reflection;
using Ferry.Core.Telemetry;
using Ferry.Testing;

namespace Ferry.Core.Tests.Telemetry;

/// <summary>Every span, instrument and tag name Ferry emits is a constant of <see cref="FerryTelemetry"/>, and docs/telemetry.md names each.</summary>
public sealed class TelemetryDocsTests
{
    public static TheoryData<string> Kinds => [nameof(FerryTelemetry.Spans), nameof(FerryTelemetry.Instruments), nameof(FerryTelemetry.Tags)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryName_IsDocumented(string kind)
    {
        var names = typeof(FerryTelemetry).GetNestedType(kind)!
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        Assert.NotEmpty(names);
        Assert.Empty(Docs.Undocumented("docs/telemetry.md", names));
    }
}
