namespace Ferry.Cli.Tests;

[CollectionDefinition("stack")]
public sealed class CliStackCollection : ICollectionFixture<CliStack>;
