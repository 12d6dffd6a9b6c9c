namespace Ferry.Server.Storage;

/// <summary>The grain storage provider name every Ferry grain uses.</summary>
public static class FerryStorageNames
{
    public const string Default = "ferry";
}
