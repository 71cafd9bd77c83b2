using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Crypto;
using McpGate.Core.Proofs;

namespace McpGate.Core.Tests.Proofs;

/// <summary>
/// The edges of reading a signed predicate that the statement-level tests do not reach: the request
/// comparison on its own, the comparison of absent parts, the wording of read errors, and the
/// mappers' refusal of a missing argument.
/// </summary>
public sealed class ProofReadingEdgeTests : IDisposable
{
    private readonly Ed25519PrivateKey _gate = Ed25519PrivateKey.Generate();

    public static TheoryData<string, string, string?> Divergences => new()
    {
        { """{"a":[1,2]}""", """{"a":[1,2]}""", null },
        { """{"a":[1,2,3]}""", """{"a":[1,2]}""", "$.request.a" },
        { """{"a":[1]}""", """{"a":[1,2]}""", "$.request.a" },
        { """{"a":[1,{"b":"x"}]}""", """{"a":[1,{"b":"y"}]}""", "$.request.a[1].b" },
        { """{"a":1,"z":2}""", """{"a":1}""", "$.request.z" },
        { """{"a":1}""", """{"a":1,"z":2}""", null },
        { """{"a":"PATCH"}""", """{"a":"patch"}""", "$.request.a" },
        { """{"a":{"b":[]}}""", """{"a":{"b":{}}}""", "$.request.a.b" },
    };

    /// <summary>The first place the signed request is not as the gate would write it; members the gate writes but the signer left out are allowed.</summary>
    [Theory]
    [MemberData(nameof(Divergences))]
    public void Divergence_NamesTheFirstSignedValueTheGateWouldNotWrite(string signedJson, string writtenJson, string? expected)
    {
        using var s = JsonDocument.Parse(signedJson);
        using var w = JsonDocument.Parse(writtenJson);

        SignedRequestConverter.Divergence(s.RootElement, w.RootElement, "$.request").Should().Be(expected);
    }

    [Fact]
    public void Same_AbsentPartsAreTheSameOnlyWhenBothAreAbsent()
    {
        var identity = PredicateClusterIdentity.Of(Identity())!;

        ProofPredicateJson.Same<PredicateClusterIdentity>(null, null).Should().BeTrue();
        ProofPredicateJson.Same(identity, null).Should().BeFalse();
        ProofPredicateJson.Same(null, identity).Should().BeFalse();
        ProofPredicateJson.Same(identity, identity with { }).Should().BeTrue();
        ProofPredicateJson.Same(identity, identity with { KubeSystemUid = "other" }).Should().BeFalse();
    }

    [Fact]
    public void Read_ErrorText_NamesThePathOnceAndLeavesOutTheSerializersPosition()
    {
        var statement = Statement();
        statement["predicate"]!["policy"]!["allowed"] = "yes";

        var act = () => ProofClaims.FromStatement(statement);

        var message = act.Should().Throw<FormatException>().Which.Message;
        message.Should().StartWith("the proof's statement is malformed: predicate.policy.allowed: The JSON value could not be converted to ");
        message.Should().NotContain("Path:").And.NotContain("LineNumber").And.NotContain("$.");
    }

    [Theory]
    [InlineData("5")]
    [InlineData("\"predicate\"")]
    [InlineData("true")]
    public void Read_PredicateOfAnotherKind_IsNamedAsThePredicate(string json)
    {
        var act = () => ProofPredicateJson.Read(JsonNode.Parse(json));

        var message = act.Should().Throw<FormatException>().Which.Message;
        message.Should().StartWith("predicate: The JSON value could not be converted to ").And.NotContain("Path:");
    }

    [Fact]
    public void Read_NoPredicate_IsMissing()
    {
        var act = () => ProofPredicateJson.Read(null);

        act.Should().Throw<FormatException>().WithMessage("predicate is missing");
    }

    [Theory]
    [InlineData("5")]
    [InlineData("\"request\"")]
    [InlineData("[]")]
    public void Read_RequestOfAnotherKind_IsNamedAsTheRequest(string json)
    {
        var statement = Statement();
        statement["predicate"]!["request"] = JsonNode.Parse(json);

        var act = () => ProofClaims.FromStatement(statement);

        var message = act.Should().Throw<FormatException>().Which.Message;
        message.Should().StartWith("the proof's statement is malformed: predicate.request: ").And.NotContain("predicate.request.");
    }

    [Fact]
    public void CheckStatus_OutsideTheThree_IsMalformedNamingTheCheckAndTheValue()
    {
        var check = new PredicateCheck { Name = "no_drift", Status = "maybe", Detail = "d" };

        var act = () => check.ToCheckRecord();

        act.Should().Throw<FormatException>().WithMessage("check no_drift: status must be pass, warn or fail (got \"maybe\")");
    }

    [Fact]
    public void TimestampConverter_WritesRoundTripText_AndRefusesNoWriter()
    {
        var converter = new RoundTripTimestampConverter();
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            converter.Write(writer, new DateTimeOffset(2026, 11, 21, 15, 10, 36, TimeSpan.Zero).AddTicks(8376193), JsonSerializerOptions.Default);
        }

        JsonDocument.Parse(buffer.ToArray()).RootElement.GetString().Should().Be("2026-11-21T15:10:36.8376193+00:00");
        var act = () => converter.Write(null!, DateTimeOffset.UnixEpoch, JsonSerializerOptions.Default);
        act.Should().Throw<ArgumentNullException>().WithParameterName("writer");
    }

    [Fact]
    public void Mappers_RefuseAMissingArgument_NamingIt()
    {
        ((Action)(() => PredicateChangeRequest.Of(null!))).Should().Throw<ArgumentNullException>().WithParameterName("change");
        ((Action)(() => PredicateCheck.Of(null!))).Should().Throw<ArgumentNullException>().WithParameterName("checks");
        ((Action)(() => PredicateDiffLine.Of(null!))).Should().Throw<ArgumentNullException>().WithParameterName("diff");
        ((Action)(() => PredicatePolicy.Of(null!))).Should().Throw<ArgumentNullException>().WithParameterName("policy");
        ((Action)(() => PredicateTarget.Of(null!))).Should().Throw<ArgumentNullException>().WithParameterName("target");
        ((Action)(() => ProofBuilder.SubjectName(null!))).Should().Throw<ArgumentNullException>().WithParameterName("change");
        PredicateClusterIdentity.Of(null).Should().BeNull();
        PredicateVerify.Of(null).Should().BeNull();
    }

    [Fact]
    public void PredicateOf_RefusesNoInput_AndAChangeWithoutClusterIdentity()
    {
        var digest = Sha256Digest.Compute([1]);
        ((Action)(() => ProofPredicate.Of(null!, digest, digest))).Should().Throw<ArgumentNullException>().WithParameterName("input");

        var (change, _) = ProvenChange.Create(_gate, MultiStepChange.Issued, Identity());
        var input = new ProofInput
        {
            Change = change with { ClusterIdentity = null },
            Observed = new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = "41" } },
            DryRunResult = [],
            Checks = change.Checks,
            Policy = change.Policy!,
            IssuedAt = MultiStepChange.Issued,
            ExpiresAt = MultiStepChange.Issued.AddHours(1),
        };

        var act = () => ProofPredicate.Of(input, digest, digest);

        act.Should().Throw<ArgumentException>().WithParameterName("input")
            .WithMessage("The change names no cluster identity; a proof must say which cluster it is for.*");
    }

    [Fact]
    public void Mismatches_RefusesNoChange()
    {
        var (_, proof) = ProvenChange.Create(_gate, MultiStepChange.Issued, Identity());
        var claims = ProofClaims.FromStatement((JsonObject)JsonNode.Parse(proof.Envelope.Payload)!);

        var act = () => claims.Mismatches(null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("change");
    }

    public void Dispose() => _gate.Dispose();

    private static ClusterIdentity Identity() =>
        ClusterIdentity.Create("https://127.0.0.1:6443", "sha256:" + new string('c', 64), ClusterIdentity.CaBundle, "1d5e1c8e-0000-4000-8000-000000000001");

    private JsonObject Statement()
    {
        var change = MultiStepChange.Change();
        var proof = ProofBuilder.Build(new ProofInput
        {
            Change = change,
            Observed = MultiStepChange.Observed(),
            DryRunResult = [],
            Checks = change.Checks,
            Policy = change.Policy! with { ApproverGroups = ["sre", "ops"] },
            IssuedAt = MultiStepChange.Issued,
            ExpiresAt = MultiStepChange.Issued.AddHours(1),
        }, _gate);
        return (JsonObject)JsonNode.Parse(proof.Envelope.Payload)!;
    }
}
