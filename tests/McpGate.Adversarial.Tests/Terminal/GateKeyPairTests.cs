using McpGate.Core.Crypto;
using McpGate.Core.Engine;
using McpGate.Core.Storage;

namespace McpGate.Adversarial.Tests.Terminal;

/// <summary>A swapped gate-key.pub.pem is never trusted: server and CLI refuse, naming both files.</summary>
public sealed class GateKeyPairTests
{
    [Fact]
    public async Task ServerAndCli_RefuseNamingBothFiles_WhenThePublicKeyFileIsSwapped()
    {
        await using var gate = await TerminalGate.StartAsync();
        var change = await gate.Harness.ProposeScaleAsync(4);
        var data = DataDirectory.Resolve(gate.DataDir);
        using var attacker = Ed25519PrivateKey.Generate();
        File.Delete(data.GatePublicKeyPath);
        KeyFile.WritePublicKey(data.GatePublicKeyPath, attacker.PublicKey);

        var approve = await gate.DecideAsync("approve", change.Id, "alice");
        var show = await gate.ShowAsync(change.Id);
        var serve = await TerminalGate.CliAsync(["serve", "--sandbox", "--data-dir", gate.DataDir, "--policies", gate.PoliciesDir]);

        foreach (var run in new[] { approve, show, serve })
        {
            run.ExitCode.Should().Be(2, run.ToString());
            run.StandardError.Should().Contain($"{data.GatePublicKeyPath} ({attacker.PublicKey.KeyId}) does not match the public half of {data.GateKeyPath}");
            run.StandardOutput.Should().BeEmpty();
        }

        (await gate.SqlScalarAsync($"SELECT count(*) FROM ledger WHERE change_id = '{change.Id}' AND event_type = '{LedgerEvents.ApprovalSubmitted}';")).Should().Be("0");
        KeyFile.ReadPublicKey(data.GatePublicKeyPath).Should().Be(attacker.PublicKey, "the mismatch is reported, not repaired behind the operator's back");
    }
}
