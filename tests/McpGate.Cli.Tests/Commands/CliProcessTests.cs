using McpGate.Core.Crypto;
using McpGate.Testing.Files;
using McpGate.Testing.Processes;

namespace McpGate.Cli.Tests.Commands;

/// <summary>The real mcpgate executable: exit codes, messages and files an operator sees.</summary>
public sealed class CliProcessTests
{
    [Fact]
    public async Task KeysGenerate_WritesPrivateKey0600_AndPrintsThePolicyLine()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("alice.pem");

        var run = await McpGateCli.RunAsync(["keys", "generate", "--identity", "alice", "--out", path, "--groups", "sre", "oncall"]);

        run.ExitCode.Should().Be(0, run.ToString());
        File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var key = KeyFile.ReadPrivateKey(path);
        run.StandardOutput.Should().Contain($"- {{ identity: alice, groups: [sre, oncall], publicKey: '{key.PublicKey}' }}");

        var again = await McpGateCli.RunAsync(["keys", "generate", "--identity", "alice", "--out", path]);
        again.ExitCode.Should().Be(2, "an existing key is never overwritten silently");
        again.StandardError.Should().Contain("--force");
    }

    [Theory]
    [InlineData("Alice Smith")]
    [InlineData("")]
    [InlineData("-rf")]
    public async Task KeysGenerate_RejectsBadIdentity(string identity)
    {
        using var temp = new TempDirectory();

        var run = await McpGateCli.RunAsync(["keys", "generate", "--identity", identity, "--out", temp.Combine("k.pem")]);

        run.ExitCode.Should().Be(2, run.ToString());
        File.Exists(temp.Combine("k.pem")).Should().BeFalse();
    }

    [Fact]
    public async Task Serve_RefusesToStart_NamingFileLineAndRule_WhenAManifestIsBad()
    {
        using var temp = new TempDirectory();
        var manifests = Directory.CreateDirectory(temp.Combine("manifests")).FullName;
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Manifests, "*.yaml"))
        {
            File.Copy(file, Path.Combine(manifests, Path.GetFileName(file)));
        }

        var broken = Path.Combine(manifests, "scale_deployment.yaml");
        await File.WriteAllTextAsync(broken, (await File.ReadAllTextAsync(broken)).Replace("access: write", "access: write\ncolour: blue", StringComparison.Ordinal));

        var run = await McpGateCli.RunAsync(["serve", "--sandbox", "--manifests", manifests, "--data-dir", temp.Combine("data")]);

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().MatchRegex(@"scale_deployment\.yaml:\d+:\d+: .*colour");
        run.StandardOutput.Should().BeEmpty("stdout belongs to the MCP transport");
    }

    [Fact]
    public async Task Serve_RefusesToStart_WhenAManifestExpectsAProbeNobodyRegistered()
    {
        using var temp = new TempDirectory();
        var manifests = Directory.CreateDirectory(temp.Combine("manifests")).FullName;
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Manifests, "*.yaml"))
        {
            File.Copy(file, Path.Combine(manifests, Path.GetFileName(file)));
        }

        var edited = Path.Combine(manifests, "scale_deployment.yaml");
        await File.WriteAllTextAsync(edited, (await File.ReadAllTextAsync(edited)).Replace("\n  expect: rollout_complete", "\n  expect: rollout_finished", StringComparison.Ordinal));

        var run = await McpGateCli.RunAsync(["serve", "--sandbox", "--manifests", manifests, "--data-dir", temp.Combine("data")]);

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain($"{RepoPaths.ManifestLocation("scale_deployment.yaml", "  expect: ")}: verify.expect: no verification probe is registered as rollout_finished (known: job_complete, node_drained, node_schedulable, node_unschedulable, object_gone, object_matches, rollout_complete)");
        run.StandardOutput.Should().BeEmpty("stdout belongs to the MCP transport");
        Directory.Exists(temp.Combine("data")).Should().BeFalse("the check runs before anything is created");
    }

    [Fact]
    public async Task Serve_RefusesToStart_WhenAPolicyIsBad()
    {
        using var temp = new TempDirectory();
        var policies = temp.CopyPolicies(("broken.yaml", "rules:\n  - name: x\n    effect: maybe\n"));

        var run = await McpGateCli.RunAsync(["serve", "--sandbox", "--policies", policies, "--data-dir", temp.Combine("data")]);

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain("broken.yaml:").And.Contain("effect");
    }

    [Theory]
    [InlineData(new[] { "serve" }, "choose the cluster")]
    [InlineData(new[] { "approvals", "frobnicate" }, "mcpgate")]
    [InlineData(new[] { "keys", "generate" }, "--identity")]
    public async Task UsageErrors_ExitWith2(string[] arguments, string expected)
    {
        var run = await McpGateCli.RunAsync(arguments);

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain(expected);
    }

    [Fact]
    public async Task ApprovalsList_WithoutALedger_SaysWhereItLooked()
    {
        using var temp = new TempDirectory();

        var run = await McpGateCli.RunAsync(["approvals", "list", "--data-dir", temp.Combine("nothing-here")]);

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain("no ledger at").And.Contain("nothing-here");
    }

    [Fact]
    public async Task ProofVerify_ATamperedFile_ExitsWith1()
    {
        using var temp = new TempDirectory();
        using var gate = Ed25519PrivateKey.Generate();
        var keyPath = temp.Combine("gate.pub.pem");
        KeyFile.WritePublicKey(keyPath, gate.PublicKey);
        var envelope = McpGate.Core.Dsse.DsseSigner.Sign("application/vnd.in-toto+json", """{"_type":"https://in-toto.io/Statement/v1"}"""u8.ToArray(), gate);
        var tampered = envelope with { Payload = """{"_type":"https://in-toto.io/Statement/v2"}"""u8.ToArray() };
        var file = temp.Combine("proof.json");
        await File.WriteAllTextAsync(file, tampered.ToJson());

        var run = await McpGateCli.RunAsync(["proof", "verify", file, "--require-signature", "--public-key", keyPath]);

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardOutput.Should().Contain("proof INVALID").And.Contain("signature");
    }
}
