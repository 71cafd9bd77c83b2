using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Crypto;
using McpGate.Core.Proofs;

namespace McpGate.Core.Tests.Proofs;

/// <summary>The engine executes only what the gate's key signed: an envelope without that signature is never read as claims.</summary>
public sealed class ProofSignatureRequiredTests : IDisposable
{
    private static readonly DateTimeOffset s_issued = new(2026, 1, 15, 10, 0, 0, TimeSpan.Zero);

    private static readonly ClusterIdentity s_cluster =
        ClusterIdentity.Create("https://127.0.0.1:6443", "sha256:" + new string('c', 64), ClusterIdentity.CaBundle, null);

    private readonly Ed25519PrivateKey _gate = Ed25519PrivateKey.Generate();

    public void Dispose() => _gate.Dispose();

    [Theory]
    [InlineData("no signature")]
    [InlineData("empty signatures")]
    public void Verify_EnvelopeWithoutTheGatesSignature_IsRefused(string edit)
    {
        var (change, _) = ProvenChange.Create(_gate, s_issued, s_cluster);
        var envelope = JsonNode.Parse(change.ProofEnvelope!)!.AsObject();
        if (edit == "no signature")
        {
            envelope.Remove("signatures");
        }
        else
        {
            envelope["signatures"] = new JsonArray();
        }

        var (claims, _, failure) = ProofCheck.Verify(change with { ProofEnvelope = envelope.ToJsonString() }, _gate.PublicKey);

        claims.Should().BeNull(edit);
        failure.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public void Verify_EnvelopeSignedByAnotherKeyOnly_IsRefused()
    {
        var (change, _) = ProvenChange.Create(_gate, s_issued, s_cluster);
        var original = McpGate.Core.Dsse.DsseEnvelope.Parse(change.ProofEnvelope!);
        using var other = Ed25519PrivateKey.Generate();
        var forged = McpGate.Core.Dsse.DsseSigner.Sign(original.PayloadType, original.Payload, other);

        var (claims, _, failure) = ProofCheck.Verify(change with { ProofEnvelope = forged.ToJson() }, _gate.PublicKey);

        claims.Should().BeNull("only the gate's key makes a proof");
        failure.Should().Contain("does not verify");
    }

    [Fact]
    public void Build_NullArguments_ThrowNamingThem()
    {
        var (change, _) = ProvenChange.Create(_gate, s_issued, s_cluster);
        var input = new ProofInput
        {
            Change = change,
            Observed = new JsonObject(),
            DryRunResult = new JsonObject(),
            Checks = [],
            Policy = change.Policy!,
            IssuedAt = s_issued,
            ExpiresAt = s_issued.AddHours(1),
        };

        ((Action)(() => ProofBuilder.Build(null!, _gate))).Should().Throw<ArgumentNullException>().WithParameterName("input");
        ((Action)(() => ProofBuilder.Build(input, null!))).Should().Throw<ArgumentNullException>().WithParameterName("gateKey");
    }
}
