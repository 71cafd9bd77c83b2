using System.Security.Cryptography;
using McpGate.Bench.Harness;
using McpGate.Bench.Samples;
using McpGate.Core.Crypto;
using McpGate.Core.Dsse;

namespace McpGate.Bench.Crypto;

/// <summary>
/// Pair 3: our Ed25519 (OpenSSL libcrypto through P/Invoke) against .NET's built-in ECDsa P-256
/// (also OpenSSL on Linux, through the runtime's own shim), on the same 1 KiB message; and a
/// DSSE sign + verify round trip of a real proof against a bare Ed25519 sign + verify of the same
/// bytes, which is what the envelope (PAE, base64, JSON) costs on top of the signature.
/// </summary>
internal static class SignatureBench
{
    private const int MessageSize = 1024;

    private const int ProofSize = 4096;

    /// <summary>Sink for results, so no call can be optimized away.</summary>
    private static int s_sink;

    public static async Task<IReadOnlyList<PairResult>> RunAsync(SamplePayloads samples)
    {
        var message = RandomNumberGenerator.GetBytes(MessageSize);
        using var ed25519 = Ed25519PrivateKey.Generate();
        var ed25519Public = ed25519.PublicKey;
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ecdsaPublic = ECDsa.Create(ecdsa.ExportParameters(includePrivateParameters: false));
        var edSignature = ed25519.Sign(message);
        var ecSignature = ecdsa.SignData(message, HashAlgorithmName.SHA256);

        var sign = await PairRunner.RunAsync(new PairDefinition
        {
            Name = "sign 1 KiB",
            BaselineLabel = ".NET ECDsa P-256 SignData (SHA-256)",
            SubjectLabel = "Ed25519PrivateKey.Sign (libcrypto)",
            Baseline = () => Sink(ecdsa.SignData(message, HashAlgorithmName.SHA256).Length),
            Subject = () => Sink(ed25519.Sign(message).Length),
            Rounds = 300,
            OperationsPerSample = 32,
        });

        var verify = await PairRunner.RunAsync(new PairDefinition
        {
            Name = "verify 1 KiB",
            BaselineLabel = ".NET ECDsa P-256 VerifyData (SHA-256)",
            SubjectLabel = "Ed25519PublicKey.Verify (libcrypto)",
            Baseline = () => Require(ecdsaPublic.VerifyData(message, ecSignature, HashAlgorithmName.SHA256)),
            Subject = () => Require(ed25519Public.Verify(message, edSignature)),
            Rounds = 300,
            OperationsPerSample = 32,
        });

        IReadOnlyCollection<Ed25519PublicKey> trusted = [ed25519Public];
        var real = await DssePairAsync("DSSE sign + verify, real proof", samples.ProofPayloadType, samples.ProofPayload, ed25519, trusted,
            "the in-toto statement of a real scale_deployment proposal");
        var grown = await DssePairAsync("DSSE sign + verify, 4 KiB proof", samples.ProofPayloadType, samples.ProofPayloadGrownTo(ProofSize), ed25519, trusted,
            "the real statement grown with dry-run diff lines (a change to several container images)");

        return [sign, verify, real, grown];
    }

    private static Task<PairResult> DssePairAsync(
        string name,
        string payloadType,
        byte[] payload,
        Ed25519PrivateKey key,
        IReadOnlyCollection<Ed25519PublicKey> trusted,
        string origin) =>
        PairRunner.RunAsync(new PairDefinition
        {
            Name = name,
            BaselineLabel = "Ed25519 sign + verify of the payload bytes",
            SubjectLabel = "DsseSigner.Sign, ToJson, DsseEnvelope.Parse, DsseVerifier.Verify",
            Baseline = () => Require(key.PublicKey.Verify(payload, key.Sign(payload))),
            Subject = () =>
            {
                var json = DsseSigner.Sign(payloadType, payload, key).ToJson();
                return Require(DsseVerifier.Verify(DsseEnvelope.Parse(json), trusted).Succeeded);
            },
            Rounds = 300,
            OperationsPerSample = 16,
        }, $"payload {Units.Bytes(payload.Length)}: {origin}");

    private static ValueTask Sink(int value)
    {
        s_sink ^= value;
        return ValueTask.CompletedTask;
    }

    private static ValueTask Require(bool verified) =>
        verified ? ValueTask.CompletedTask : throw new InvalidOperationException("a signature did not verify");
}
