namespace Ferry.Orchestration.Auth0;

/// <summary>The import-slots entity's state: who holds a slot, since when.</summary>
public sealed class ImportSlots
{
    public Dictionary<string, DateTimeOffset> Holders { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The most holders seen at once (for the docs' claim and the tests).</summary>
    public int MostAtOnce { get; set; }
}
