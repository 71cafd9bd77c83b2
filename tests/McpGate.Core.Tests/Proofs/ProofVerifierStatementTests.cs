using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Crypto;
using McpGate.Core.Dsse;
using McpGate.Core.Proofs;

namespace McpGate.Core.Tests.Proofs;

/// <summary>Each rule of a proof's form, and whether the answer says the signature was checked.</summary>
public sealed class ProofVerifierStatementTests : IDisposable
{
    private readonly Ed25519PrivateKey _gate = Ed25519PrivateKey.Generate();

    [Fact]
    public void Verify_WithoutAKey_WhenNoSignatureIsRequired_SaysTheSignatureWasNotChecked()
    {
        var json = Sign(Statement()).ToJson();

        var result = ProofVerifier.Verify(json, gateKey: null, requireSignature: false);

        result.Succeeded.Should().BeTrue(result.Failure);
        result.SignatureVerified.Should().BeFalse("nothing checked the signature");
        result.ChangeId.Should().Be("chg-abcdefgh2345");
    }

    [Fact]
    public void Verify_AnUnsignedForgery_IsNeverReportedAsSigned()
    {
        using var forger = Ed25519PrivateKey.Generate();
        var json = DsseSigner.Sign(ProofFormat.PayloadType, Encoding.UTF8.GetBytes(Statement().ToJsonString()), forger).ToJson();

        ProofVerifier.Verify(json, gateKey: null, requireSignature: false).SignatureVerified.Should().BeFalse();
        var withKey = ProofVerifier.Verify(json, _gate.PublicKey, requireSignature: false);
        withKey.Succeeded.Should().BeFalse("a key given is always checked");
        withKey.SignatureVerified.Should().BeFalse();
        withKey.Failure.Should().StartWith("signature: 0 of 1 required signatures verified");
    }

    [Fact]
    public void Verify_WithTheGateKey_ReportsTheSignatureChecked_TheStatementAndItsDigest()
    {
        var statement = Statement();
        var envelope = Sign(statement);

        var result = ProofVerifier.Verify(envelope.ToJson(), _gate.PublicKey, requireSignature: true);

        result.Succeeded.Should().BeTrue(result.Failure);
        result.Failure.Should().BeNull();
        result.SignatureVerified.Should().BeTrue();
        result.Digest.Should().Be(Sha256Digest.Compute(envelope.Payload));
        JsonNode.DeepEquals(result.Statement, statement).Should().BeTrue();
        result.ExpiresAt.Should().Be(new DateTimeOffset(2026, 1, 15, 11, 0, 0, TimeSpan.Zero));
    }

    public static TheoryData<string, string> BadStatements => new()
    {
        { "_type=https://in-toto.io/Statement/v0.1", "payload: _type must be 'https://in-toto.io/Statement/v1'" },
        { "-_type", "payload: _type must be 'https://in-toto.io/Statement/v1'" },
        { "_type#1", "payload: '$._type' must be a string" },
        { "predicateType=https://mcpgate.dev/attestations/approval/v1", "payload: predicateType must be 'https://mcpgate.dev/attestations/change-proof/v1'" },
        { "-predicateType", "payload: predicateType must be 'https://mcpgate.dev/attestations/change-proof/v1'" },
        { "-subject", "payload: subject must name the target with a sha256 digest" },
        { "subject=[]", "payload: subject must name the target with a sha256 digest" },
        { "subject={}", "payload: subject must name the target with a sha256 digest" },
        { "subject=[{\"name\":\"k8s://x\"}]", "payload: subject must name the target with a sha256 digest" },
        { "subject=[{\"digest\":{\"sha512\":\"00\"}}]", "payload: subject must name the target with a sha256 digest" },
        { "subject=[{\"digest\":{\"sha256\":7}}]", "payload: '$.subject[0].digest.sha256' must be a string" },
        { "-predicate", "payload: predicate.changeRequest.id is missing" },
        { "predicate={\"changeRequest\":{}}", "payload: predicate.changeRequest.id is missing" },
        { "predicate={\"changeRequest\":{\"id\":{}}}", "payload: '$.predicate.changeRequest.id' must be a string" },
    };

    [Theory]
    [MemberData(nameof(BadStatements))]
    public void Verify_Refuses_AGateSignedStatementOfTheWrongForm(string edit, string failure)
    {
        var statement = Statement();
        var (name, value) = edit.Split('=', '#') is [var n, var v] ? (n, v) : (edit, null);
        if (name.StartsWith('-'))
        {
            statement.Remove(name[1..]);
        }
        else
        {
            statement[name] = edit.Contains('#', StringComparison.Ordinal) ? 1 : value!.StartsWith('[') || value.StartsWith('{') ? JsonNode.Parse(value) : value;
        }

        var result = ProofVerifier.Verify(Sign(statement).ToJson(), _gate.PublicKey, requireSignature: true);

        result.Succeeded.Should().BeFalse();
        result.Failure.Should().Be(failure);
        result.SignatureVerified.Should().BeFalse();
        result.Statement.Should().BeNull();
    }

    [Theory]
    [InlineData("[1]", "payload: the payload is not a JSON object")]
    [InlineData("\"proof\"", "payload: the payload is not a JSON object")]
    [InlineData("{\"_type\":", "payload: ")]
    public void Verify_Refuses_APayloadThatIsNotAJsonObject(string payload, string failure)
    {
        var envelope = DsseSigner.Sign(ProofFormat.PayloadType, Encoding.UTF8.GetBytes(payload), _gate);

        var result = ProofVerifier.Verify(envelope.ToJson(), _gate.PublicKey, requireSignature: true);

        result.Succeeded.Should().BeFalse();
        result.Failure.Should().StartWith(failure);
    }

    [Fact]
    public void Verify_Refuses_AnotherPayloadType_BeforeLookingAtTheSignature()
    {
        var envelope = DsseSigner.Sign("application/json", Encoding.UTF8.GetBytes(Statement().ToJsonString()), _gate);

        var result = ProofVerifier.Verify(envelope, _gate.PublicKey, requireSignature: true);

        result.Failure.Should().Be("payloadType is 'application/json', expected 'application/vnd.in-toto+json'");
    }

    [Fact]
    public void Verify_Refuses_TextThatIsNotAnEnvelope()
    {
        var result = ProofVerifier.Verify("{\"payload\":\"\"}", _gate.PublicKey, requireSignature: true);

        result.Succeeded.Should().BeFalse();
        result.Failure.Should().StartWith("not a DSSE envelope: DSSE envelope: 'payloadType' is required");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("next tuesday")]
    public void Verify_ReportsNoExpiry_WhenExpiresAtIsAbsentOrUnreadable(string? expiresAt)
    {
        var statement = Statement();
        statement["predicate"]!["expiresAt"] = expiresAt;

        var result = ProofVerifier.Verify(Sign(statement).ToJson(), _gate.PublicKey, requireSignature: true);

        result.Succeeded.Should().BeTrue(result.Failure);
        result.ExpiresAt.Should().BeNull();
    }

    public void Dispose() => _gate.Dispose();

    private DsseEnvelope Sign(JsonObject statement) =>
        DsseSigner.Sign(ProofFormat.PayloadType, Encoding.UTF8.GetBytes(statement.ToJsonString()), _gate);

    private static JsonObject Statement() => new()
    {
        ["_type"] = ProofFormat.StatementType,
        ["subject"] = new JsonArray(new JsonObject { ["name"] = "k8s://sandbox/apis/apps/v1/namespaces/demo/deployments/web", ["digest"] = new JsonObject { ["sha256"] = "00" } }),
        ["predicateType"] = ProofFormat.ProofPredicateType,
        ["predicate"] = new JsonObject
        {
            ["changeRequest"] = new JsonObject { ["id"] = "chg-abcdefgh2345" },
            ["expiresAt"] = "2026-01-15T11:00:00.0000000+00:00",
        },
    };
}
