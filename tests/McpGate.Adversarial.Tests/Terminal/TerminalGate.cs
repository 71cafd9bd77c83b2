using System.Text;
using McpGate.Core.Crypto;
using McpGate.Core.Text;
using McpGate.Testing.Engine;
using McpGate.Testing.Files;
using McpGate.Testing.Processes;

namespace McpGate.Adversarial.Tests.Terminal;

/// <summary>
/// A real engine and data directory (GateHarness: sandbox over HTTPS, SQLite ledger) whose
/// changes wait for two approvals, approver key files on disk, and the real <c>mcpgate</c>
/// process run against them; the attacker edits the ledger with the real <c>sqlite3</c>.
/// </summary>
internal sealed class TerminalGate : IAsyncDisposable
{
    public const string TwoApprovals = GateHarness.TwoApprovalsFromSre;

    private readonly TempDirectory _temp = new("mcpgate-terminal-");

    private TerminalGate(GateHarness harness) => Harness = harness;

    public GateHarness Harness { get; }

    public string DataDir => Path.GetDirectoryName(Harness.Ledger.DatabasePath)!;

    public string LedgerPath => Harness.Ledger.DatabasePath;

    public string PoliciesDir => _temp.Combine("policies");

    public static async Task<TerminalGate> StartAsync()
    {
        var gate = new TerminalGate(await GateHarness.StartAsync(TwoApprovals));
        var approvers = new StringBuilder("approvers:\n");
        foreach (var (identity, group) in new[] { ("alice", "sre"), ("bob", "sre"), ("carol", "ops") })
        {
            var key = gate.Harness.Key(identity);
            KeyFile.WritePrivateKey(gate.KeyPath(identity), key);
            approvers.Append(System.Globalization.CultureInfo.InvariantCulture, $"  - {{ identity: {identity}, groups: [{group}], publicKey: '{key.PublicKey}' }}\n");
        }

        gate._temp.Write("policies/policy.yaml", approvers + TwoApprovals);
        return gate;
    }

    public string KeyPath(string identity) => _temp.Combine(identity + ".pem");

    public string Combine(string name) => _temp.Combine(name);

    /// <summary>The real CLI, stdout and stderr piped (as under <c>| cat</c>), with extra environment.</summary>
    public static Task<ProcessResult> CliAsync(string[] arguments, IReadOnlyDictionary<string, string?>? environment = null) =>
        ProcessRunner.RunAsync(McpGateCli.DotNet, [McpGateCli.AssemblyPath, .. arguments], TimeSpan.FromSeconds(90), environment);

    public Task<ProcessResult> DecideAsync(string verb, string changeId, string identity, params string[] extra) =>
        CliAsync(["approvals", verb, changeId, "--key", KeyPath(identity), "--data-dir", DataDir, "--policies", PoliciesDir, .. extra]);

    public Task<ProcessResult> ShowAsync(string changeId, params string[] extra) =>
        CliAsync(["approvals", "show", changeId, "--data-dir", DataDir, .. extra]);

    public Task<ProcessResult> ListAllAsync(params string[] extra) =>
        CliAsync(["approvals", "list", "--all", "--data-dir", DataDir, .. extra]);

    /// <summary>Runs SQL on the ledger file with the sqlite3 shell, as anyone with write access could.</summary>
    public async Task SqlAsync(string sql)
    {
        var result = await ProcessRunner.RunAsync("sqlite3", [LedgerPath, sql], TimeSpan.FromSeconds(30));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"sqlite3 failed: {result}");
        }
    }

    public async Task<string> SqlScalarAsync(string sql)
    {
        var result = await ProcessRunner.RunAsync("sqlite3", [LedgerPath, sql], TimeSpan.FromSeconds(30));
        return result.ExitCode == 0 ? result.StandardOutput.Trim() : throw new InvalidOperationException($"sqlite3 failed: {result}");
    }

    /// <summary>
    /// Fails if the output holds a byte a terminal would act on (C0 but newline, DEL, C1 as
    /// UTF-8), an invisible or direction-changing character, or a byte that was not UTF-8.
    /// </summary>
    public static void ShouldBeTerminalSafe(ProcessResult result)
    {
        foreach (var (name, text) in new[] { ("stdout", result.StandardOutput), ("stderr", result.StandardError) })
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            for (var i = 0; i < bytes.Length; i++)
            {
                var b = bytes[i];
                var control = (b < 0x20 && b != (byte)'\n') || b == 0x7F || (b == 0xC2 && i + 1 < bytes.Length && bytes[i + 1] is >= 0x80 and <= 0x9F);
                control.Should().BeFalse($"{name} byte {i} (0x{b:x2}) must not reach a terminal:\n{result}");
            }

            text.Should().NotContain("\uFFFD", $"{name} was not valid UTF-8");
            foreach (var line in text.Split('\n'))
            {
                UntrustedText.FindUnsafe(line).Should().BeNull($"{name} must show no invisible character:\n{result}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.DisposeAsync();
        _temp.Dispose();
    }
}
