namespace Ferry.Dashboard.Tests;

[CollectionDefinition("dashboard")]
public sealed class DashboardCollection : ICollectionFixture<DashboardStack>;
