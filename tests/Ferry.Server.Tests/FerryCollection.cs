namespace Ferry.Server.Tests;

[CollectionDefinition("stack")]
public sealed class FerryCollection : ICollectionFixture<FerryStack>;
