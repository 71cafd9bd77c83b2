namespace McpGate.Adversarial.Tests.HttpTransport;

/// <summary>The same gate as <see cref="HttpGateUnderAttack"/>, run with <c>--stateless</c>: no sessions at all.</summary>
public sealed class StatelessGateUnderAttack : HttpGateUnderAttack
{
    protected override string[] ModeArguments => ["--stateless"];
}
