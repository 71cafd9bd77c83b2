namespace McpGate.Kubernetes.Tests.Support;

/// <summary>A clock the test moves by hand; timers still run in real time so timeouts keep working.</summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
