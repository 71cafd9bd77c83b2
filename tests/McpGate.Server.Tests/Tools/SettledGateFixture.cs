namespace McpGate.Server.Tests.Tools;

/// <summary>One <see cref="InMemoryGate"/> for a class of tests that only read, started once its sandbox has settled.</summary>
public sealed class SettledGateFixture : IAsyncLifetime
{
    private InMemoryGate? _gate;

    internal InMemoryGate Gate => _gate ?? throw new InvalidOperationException("the gate is not started");

    public async Task InitializeAsync()
    {
        _gate = await InMemoryGate.StartAsync();
        await _gate.Harness.Sandbox.WaitForSettledAsync(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        if (_gate is not null)
        {
            await _gate.DisposeAsync();
        }
    }
}
