using System.Text.Json.Nodes;

namespace Ferry.Infra.Tests;

/// <summary>A resource of a compiled template, with the template (a module's nested template or the root) that declares it.</summary>
internal sealed record ArmResource(JsonObject Json, ArmTemplate Template)
{
    public string Type => (string)Json["type"]!;

    public string Name => (string)Json["name"]!;

    public JsonNode? Properties => Json["properties"];

    /// <summary>The node at a dotted path (<c>properties.siteConfig.appSettings</c>), or null.</summary>
    public JsonNode? At(string path) => ArmTemplate.At(Json, path);

    /// <summary>The string at a dotted path; fails the test when it is missing or not a string.</summary>
    public string StringAt(string path) =>
        At(path) is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new Xunit.Sdk.XunitException($"{Type} {Name}: no string at {path}");

    public override string ToString() => $"{Type} {Name} (in {Template.Name})";
}
