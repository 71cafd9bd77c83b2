using System.CommandLine;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Proofs;
using McpGate.Core.Storage;

namespace McpGate.Cli.Commands;

/// <summary><c>mcpgate proof verify</c>: check a proof envelope from a file or from the ledger.</summary>
internal static class ProofCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("file-or-id") { Description = "A proof envelope file (DSSE JSON), or a change id to read its proof from the ledger." };
        var requireSignature = new Option<bool>("--require-signature") { Description = "Fail unless the signature verifies with the gate's public key." };
        var publicKey = new Option<string?>("--public-key") { Description = "The gate's public key (SPKI PEM). Default: gate-key.pub.pem in the data directory." };
        var dataDir = CommonOptions.DataDir();
        var verify = new Command("verify", "Verify a proof: DSSE envelope, Ed25519 signature, in-toto statement.")
        {
            source, requireSignature, publicKey, dataDir,
        };
        verify.SetAction((parse, cancellationToken) => CliAction.RunAsync(async () =>
        {
            var directory = DataDirectory.Resolve(parse.GetValue(dataDir));
            var input = parse.GetValue(source)!;
            string envelope;
            string? expectedDigest = null;
            if (File.Exists(input))
            {
                envelope = await File.ReadAllTextAsync(input, cancellationToken);
            }
            else if (ChangeId.TryParse(input, out _))
            {
                using var ledger = CliLedger.Open(directory);
                var stored = await ledger.GetChangeAsync(input, cancellationToken)
                    ?? throw new CliInputException($"no change {input} in {directory.LedgerPath}");
                var change = ChangeRow.Read(stored) is { Document: { } document } ? document
                    : throw new CliInputException($"change {input} is damaged in {directory.LedgerPath}; check the ledger with 'mcpgate ledger verify'");
                envelope = change.ProofEnvelope ?? throw new CliInputException($"change {input} has no proof (state {change.State.ToWire()})");
                expectedDigest = change.ProofDigest;
            }
            else
            {
                throw new CliInputException($"'{input}' is neither an existing file nor a change id");
            }

            var keyPath = parse.GetValue(publicKey);
            var key = keyPath is not null ? KeyFile.ReadPublicKey(Path.GetFullPath(keyPath)) : GateKeyStore.TryLoadPublicKey(directory);
            var result = ProofVerifier.Verify(envelope, key, parse.GetValue(requireSignature));
            if (result.Succeeded && expectedDigest is not null && result.Digest?.ToString() != expectedDigest)
            {
                result = ProofVerification.Fail($"digest {result.Digest} differs from the ledger's {expectedDigest}");
            }

            if (!result.Succeeded)
            {
                Terminal.Out.Line($"proof INVALID: {result.Failure}");
                return ExitCodes.CheckFailed;
            }

            if (result.SignatureVerified)
            {
                Terminal.Out.Line($"proof OK: change {result.ChangeId}, digest {result.Digest}");
                Terminal.Out.Line($"  signature verified with gate key {key!.KeyId}");
            }
            else
            {
                Terminal.Out.Line($"proof structure OK, SIGNATURE NOT VERIFIED: change {result.ChangeId}, digest {result.Digest}");
                Terminal.Out.Line($"  no gate public key was found; pass --public-key FILE (and --require-signature to make this an error)");
            }

            ProofClaims claims;
            try
            {
                claims = ProofClaims.FromStatement(result.Statement!);
            }
            catch (FormatException ex)
            {
                Terminal.Out.Line($"proof INVALID: {ex.Message}");
                return ExitCodes.CheckFailed;
            }

            Terminal.Out.Line($"  subject {result.Statement?["subject"]?[0]?["name"]?.ToString()}");
            Terminal.Out.Line($"  context {claims.Cluster}");
            foreach (var (label, value) in ClusterIdentityText.Rows(claims.ClusterIdentity))
            {
                Terminal.Out.Line($"  {label} {value}");
            }

            if (result.ExpiresAt is { } expiry)
            {
                Terminal.Out.Line($"  expires {expiry:u}{(expiry <= TimeProvider.System.GetUtcNow() ? " (expired)" : string.Empty)}");
            }

            return ExitCodes.Success;
        }));
        return new Command("proof", "Work with signed proofs.") { verify };
    }
}
