using System.Text.RegularExpressions;
using McpGate.Testing.Processes;

namespace McpGate.Adversarial.Tests.Identities;

/// <summary>Approver keys made by the real <c>mcpgate keys generate</c>, and the policy line it prints.</summary>
internal static partial class ApproverKeys
{
    /// <summary>Writes a key to <paramref name="path"/> and returns the public key and the printed policy line.</summary>
    public static async Task<(string PublicKey, string PolicyLine)> GenerateAsync(string identity, string path, params string[] groups)
    {
        string[] arguments = groups.Length == 0
            ? ["keys", "generate", "--identity", identity, "--out", path]
            : ["keys", "generate", "--identity", identity, "--out", path, "--groups", .. groups];
        var result = await McpGateCli.RunAsync(arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"keys generate failed: {result}");
        }

        var line = PolicyLine().Match(result.StandardOutput);
        var key = PublicKey().Match(result.StandardOutput);
        return line.Success && key.Success
            ? (key.Groups[1].Value, line.Value.TrimEnd())
            : throw new InvalidOperationException($"no policy line in: {result.StandardOutput}");
    }

    [GeneratedRegex(@"^\s*- \{ identity: .*\}\s*$", RegexOptions.Multiline)]
    private static partial Regex PolicyLine();

    [GeneratedRegex(@"^Public key: (ed25519:\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex PublicKey();
}
