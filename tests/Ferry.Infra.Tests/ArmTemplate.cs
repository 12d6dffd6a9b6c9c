using System.Text.Json.Nodes;

namespace Ferry.Infra.Tests;

/// <summary>
/// A compiled ARM template (bicep build's JSON): its resources, and the nested templates of its module deployments,
/// each named by its deployment. Enough to read what the Bicep says without an ARM engine: expressions stay strings.
/// </summary>
internal sealed class ArmTemplate
{
    public const string DeploymentType = "Microsoft.Resources/deployments";

    public ArmTemplate(JsonObject json, string name, ArmTemplate? parent = null, JsonObject? deployment = null)
    {
        Json = json;
        Name = name;
        Parent = parent;
        Deployment = deployment;
    }

    public JsonObject Json { get; }

    /// <summary><c>main</c> for the root, the module's deployment name otherwise.</summary>
    public string Name { get; }

    public ArmTemplate? Parent { get; }

    /// <summary>The <c>Microsoft.Resources/deployments</c> resource (in <see cref="Parent"/>) whose template this is.</summary>
    public JsonObject? Deployment { get; }

    public JsonObject Parameters => Json["parameters"] as JsonObject ?? [];

    public JsonObject Outputs => Json["outputs"] as JsonObject ?? [];

    /// <summary>This template's own resources (symbolic-name form or array form), modules included.</summary>
    public IEnumerable<ArmResource> Resources => Json["resources"] switch
    {
        JsonArray array => array.OfType<JsonObject>().Select(r => new ArmResource(r, this)),
        JsonObject map => map.Select(p => p.Value).OfType<JsonObject>().Select(r => new ArmResource(r, this)),
        _ => [],
    };

    /// <summary>The nested templates of this template's module deployments.</summary>
    public IEnumerable<ArmTemplate> Modules => Resources
        .Where(r => r.Type == DeploymentType && r.At("properties.template") is JsonObject)
        .Select(r => new ArmTemplate((JsonObject)r.At("properties.template")!, r.Name, this, r.Json));

    /// <summary>This template and every template nested in it, depth first.</summary>
    public IEnumerable<ArmTemplate> SelfAndModules => Modules.SelectMany(m => m.SelfAndModules).Prepend(this);

    /// <summary>Every resource declared here or in a nested template (not the deployments themselves).</summary>
    public IEnumerable<ArmResource> AllResources => SelfAndModules.SelectMany(t => t.Resources).Where(r => r.Type != DeploymentType);

    public static ArmTemplate Load(string path, string name) =>
        new(JsonNode.Parse(File.ReadAllText(path))!.AsObject(), name);

    public ArmTemplate Module(string name) =>
        Modules.SingleOrDefault(m => m.Name == name) ?? throw new Xunit.Sdk.XunitException($"{Name} has no module deployment named {name}");

    public IReadOnlyList<ArmResource> OfType(string type) =>
        AllResources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase)).ToList();

    public ArmResource Single(string type)
    {
        var found = OfType(type);
        return found.Count == 1 ? found[0] : throw new Xunit.Sdk.XunitException($"Expected one {type}, found {found.Count}");
    }

    /// <summary>The value this module's deployment passes for one of its parameters (an expression or a literal).</summary>
    public JsonNode? ArgumentOf(string parameter) =>
        Deployment is null ? null : At(Deployment, $"properties.parameters.{parameter}.value");

    public static JsonNode? At(JsonNode? node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(part, out var child) ? child : null;
        }

        return node;
    }

    /// <summary>Every string value under a node, with its dotted path below the node.</summary>
    public static IEnumerable<(string Path, string Value)> Strings(JsonNode? node, string path = "")
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    // Keys may be expressions too (a user-assigned identity's resource id).
                    var childPath = path.Length == 0 ? key : $"{path}.{key}";
                    yield return (childPath + "#key", key);
                    foreach (var item in Strings(child, childPath))
                    {
                        yield return item;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var item in Strings(array[i], $"{path}[{i}]"))
                    {
                        yield return item;
                    }
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                yield return (path, text);
                break;
        }
    }

    public override string ToString() => Name;
}
