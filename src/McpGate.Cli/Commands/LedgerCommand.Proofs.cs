using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Crypto;
using McpGate.Core.Ledger;
using McpGate.Core.Storage;

namespace McpGate.Cli.Commands;

internal static partial class LedgerCommand
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    private static Command Prove()
    {
        var sequence = new Argument<long>("entry") { Description = "The entry's sequence number (seq), 1 for the first entry." };
        var output = new Option<string?>("--out") { Description = "Write the proof to this file instead of standard output." };
        var dataDir = CommonOptions.DataDir();
        var prove = new Command(
            "prove",
            "Print an RFC 6962 inclusion proof of one entry as JSON: the entry, its leaf, index, tree size, audit path and the signed checkpoint it is proven against. 'ledger verify-proof' checks it with only the gate's public key.")
        {
            sequence, output, dataDir,
        };
        prove.SetAction((parse, cancellationToken) => CliAction.RunAsync(async () =>
        {
            var directory = DataDirectory.Resolve(parse.GetValue(dataDir));
            var seq = parse.GetValue(sequence);
            using var ledger = CliLedger.Open(directory);
            EntryInclusionProof proof;
            try
            {
                proof = await ProveAsync(ledger, directory, seq, cancellationToken);
            }
            catch (ArgumentOutOfRangeException ex)
            {
                throw new CliInputException(ex.Message.Split(" (Parameter", 2)[0], ex);
            }
            catch (LedgerCheckpointException ex)
            {
                Terminal.Error.Line($"mcpgate: {ex.Message}");
                return ExitCodes.CheckFailed;
            }

            var json = proof.ToJson();
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file, json.ToJsonString(s_indented) + "\n", cancellationToken);
                Terminal.Out.Line($"wrote the inclusion proof of entry {seq} in the checkpoint of {proof.TreeSize} entries to {file}");
            }
            else
            {
                Terminal.Out.Json(json);
            }

            return ExitCodes.Success;
        }));
        return prove;
    }

    /// <summary>
    /// The proof against the latest checkpoint. An entry no checkpoint covers yet gets one signed
    /// here when this user can read the gate key (the same signing and consistency check as the server's).
    /// </summary>
    private static async Task<EntryInclusionProof> ProveAsync(ChangeLedger ledger, DataDirectory directory, long sequence, CancellationToken cancellationToken)
    {
        var latest = (await ledger.ReadCheckpointStatusAsync(cancellationToken)).Latest;
        if ((latest is null || latest.Checkpoint.TreeSize < sequence) && File.Exists(directory.GateKeyPath))
        {
            using var key = KeyFile.ReadPrivateKey(directory.GateKeyPath);
            if (await ledger.SignCheckpointAsync(key, cancellationToken) is { } signed)
            {
                Terminal.Error.Line($"signed checkpoint #{signed.Id} of {signed.Checkpoint.TreeSize} entries to cover entry {sequence}");
            }
        }

        return await ledger.ProveInclusionAsync(sequence, cancellationToken);
    }

    private static Command VerifyProof()
    {
        var file = new Argument<string>("file") { Description = "The proof JSON 'ledger prove' wrote." };
        var publicKey = PublicKeyOption("The gate's public key (PEM or ed25519:BASE64): gate-key.pub.pem from its data directory.", required: true);
        var verify = new Command(
            "verify-proof",
            "Check an inclusion proof offline with only the gate's public key: the entry's hash, its leaf, the checkpoint's signature and the audit path to its root. No data directory needed; exit 1 naming what does not hold.")
        {
            file, publicKey,
        };
        verify.SetAction((parse, _) => CliAction.RunAsync(() =>
        {
            var path = parse.GetValue(file)!;
            var keyFile = parse.GetValue(publicKey)!;
            if (!File.Exists(path))
            {
                throw new CliInputException($"{path}: no such file");
            }

            if (!File.Exists(keyFile))
            {
                throw new CliInputException($"--public-key {keyFile}: no such file");
            }

            var key = KeyFile.ReadPublicKey(keyFile);
            JsonNode? document;
            try
            {
                document = JsonNode.Parse(File.ReadAllText(path));
            }
            catch (JsonException ex)
            {
                Terminal.Out.Line($"proof BROKEN: {path}: not JSON ({ex.Message})");
                return Task.FromResult(ExitCodes.CheckFailed);
            }

            if (EntryInclusionProof.Verify(document, key) is { } failure)
            {
                Terminal.Out.Line($"proof BROKEN: {path}: {failure}");
                return Task.FromResult(ExitCodes.CheckFailed);
            }

            var entry = document!["entry"]!;
            Terminal.Out.Line($"proof OK: entry {entry["sequence"]!.GetValue<long>()} ({entry["eventType"]!.GetValue<string>()} of {entry["changeId"]!.GetValue<string>()} at {entry["time"]!.GetValue<string>()}) is leaf {document["leafIndex"]!.GetValue<long>()} of the {document["treeSize"]!.GetValue<long>()}-entry tree in the checkpoint signed by {CheckpointNote.OriginFor(key)}");
            return Task.FromResult(ExitCodes.Success);
        }));
        return verify;
    }
}
