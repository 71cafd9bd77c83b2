using System.CommandLine;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Crypto;
using McpGate.Core.Policy;

namespace McpGate.Cli.Commands;

/// <summary><c>mcpgate keys generate</c>: an approver's own Ed25519 key, and the policy line that trusts it.</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var identity = new Option<string>("--identity") { Description = "Approver identity recorded on approvals, e.g. alice.", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write the private key (PKCS#8 PEM, mode 0600).", Required = true };
        var groups = new Option<string[]>("--groups") { Description = "Groups for the policy line (default: sre).", AllowMultipleArgumentsPerToken = true };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing key file." };
        var generate = new Command("generate", "Generate an approver key; prints the public key and the line to add to a policy file.")
        {
            identity, output, groups, force,
        };
        generate.SetAction(parse => CliAction.RunAsync(() =>
        {
            var name = Canonical("--identity", parse.GetValue(identity));
            var groupNames = (parse.GetValue(groups) is { Length: > 0 } g ? g : ["sre"]).Select(x => Canonical("--groups", x)).Distinct(StringComparer.Ordinal).ToList();

            var path = Path.GetFullPath(parse.GetValue(output)!);
            if (!Directory.Exists(Path.GetDirectoryName(path)))
            {
                throw new CliInputException($"--out {path}: the folder does not exist");
            }

            using var key = Ed25519PrivateKey.Generate();
            try
            {
                KeyFile.WritePrivateKey(path, key, overwrite: parse.GetValue(force));
            }
            catch (IOException ex)
            {
                throw new CliInputException($"--out {path}: {ex.Message} (use --force to replace it)", ex);
            }

            Terminal.Out.Line($"Wrote private key {path} (mode 0600). Keep it to yourself: it approves changes as {name}.");
            Terminal.Out.Line($"Public key: {key.PublicKey}");
            Terminal.Out.Line();
            Terminal.Out.Line($"Add this line under 'approvers:' in a policy file (policies/*.yaml):");
            Terminal.Out.Line($"  - {{ identity: {name}, groups: [{string.Join(", ", groupNames)}], publicKey: '{key.PublicKey}' }}");
            return Task.FromResult(ExitCodes.Success);
        }));

        return new Command("keys", "Manage approver keys.") { generate };
    }

    /// <summary>Identities and groups in canonical form (Alice is alice), as the policy and approvals record them.</summary>
    private static string Canonical(string option, string? name) =>
        Identities.TryCanonicalize(name, out var canonical)
            ? canonical
            : throw new CliInputException($"{option} {Identities.Show(name)}: {Identities.Rule}");
}
