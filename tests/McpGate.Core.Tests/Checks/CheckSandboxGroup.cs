namespace McpGate.Core.Tests.Checks;

/// <summary>One sandbox for every check test class; each test seeds its own namespace.</summary>
[CollectionDefinition(Name)]
public sealed class CheckSandboxGroup : ICollectionFixture<CheckSandbox>
{
    public const string Name = "checks";
}
