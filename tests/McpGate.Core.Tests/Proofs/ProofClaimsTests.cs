using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Core.Crypto;
using McpGate.Core.Json;
using McpGate.Core.Proofs;

namespace McpGate.Core.Tests.Proofs;

/// <summary>Reading the claims of a signed statement: optional parts default, required parts are named when missing.</summary>
public sealed class ProofClaimsTests : IDisposable
{
    private static readonly DateTimeOffset s_issued = new(2026, 1, 15, 10, 0, 0, TimeSpan.Zero);

    private static readonly ClusterIdentity s_cluster =
        ClusterIdentity.Create("https://127.0.0.1:6443", "sha256:" + new string('c', 64), ClusterIdentity.CaBundle, "5f0c2a44-8f1e-4b1e-9a7d-0d6a3c1b2e4f");

    private readonly Ed25519PrivateKey _gate = Ed25519PrivateKey.Generate();

    public static TheoryData<string, string> Malformed => new()
    {
        { "policy.allowed", "predicate.policy.allowed is missing" },
        { "policy.requiredApprovals", "predicate.policy.requiredApprovals is missing" },
        { "policy.rule", "predicate.policy.rule is missing" },
        { "policy", "predicate.policy is missing" },
        { "changeRequest.clusterIdentity.server", "predicate.changeRequest.clusterIdentity.server is missing" },
        { "observed.resourceVersion", "predicate.observed.resourceVersion is missing" },
        { "expiresAt", "predicate.expiresAt is missing" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void FromStatement_RequiredPartMissing_IsMalformedNamingIt(string path, string message)
    {
        var statement = Statement();
        Remove(statement, path);

        var act = () => ProofClaims.FromStatement(statement);

        act.Should().Throw<FormatException>().WithMessage($"the proof's statement is malformed: {message}");
    }

    public static TheoryData<string, string, JsonNode> WrongTypes => new()
    {
        { "policy", "allowed", JsonValue.Create("yes")! },
        { "policy", "requiredApprovals", JsonValue.Create("2")! },
        { "changeRequest", "tool", JsonValue.Create(3)! },
        { "target", "namespace", JsonValue.Create(true)! },
        { "policy", "approverGroups", new JsonArray(1) },
        { "verify", "expect", JsonValue.Create(1)! },
        { "checks", "0", JsonValue.Create("x")! },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public void FromStatement_PartOfTheWrongType_IsMalformed(string parent, string name, JsonNode value)
    {
        var statement = Statement();
        var container = statement["predicate"]![parent]!;
        if (container is JsonArray array)
        {
            array[int.Parse(name, System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            container[name] = value;
        }

        var act = () => ProofClaims.FromStatement(statement);

        act.Should().Throw<FormatException>().WithMessage("the proof's statement is malformed: *").Which.InnerException.Should().NotBeNull();
    }

    [Fact]
    public void FromStatement_OptionalPartsAbsent_DefaultToNoneOrEmpty()
    {
        var statement = Statement();
        Remove(statement, "changeRequest.clusterIdentity");
        Remove(statement, "verify");
        Remove(statement, "checks");
        Remove(statement, "dryRun.diff");
        Remove(statement, "policy.approverGroups");
        Remove(statement, "target.namespace");

        var claims = ProofClaims.FromStatement(statement);

        claims.ClusterIdentity.Should().BeNull();
        claims.VerifyExpect.Should().BeNull();
        claims.VerifyTimeoutSeconds.Should().BeNull();
        claims.Checks.Should().BeEmpty();
        claims.Diff.Should().BeEmpty();
        claims.ApproverGroups.Should().BeEmpty();
        claims.Target.Namespace.Should().BeNull();
    }

    [Fact]
    public void FromStatement_ClaimsAreCopies_NotTheStatementsNodes()
    {
        var statement = Statement();

        var claims = ProofClaims.FromStatement(statement);
        statement["predicate"]!["patch"]!["spec"]!["replicas"] = 99;
        statement["predicate"]!["changeRequest"]!["arguments"]!["replicas"] = 99;
        statement["predicate"]!["dryRun"]!["diff"]![0]!["to"] = 99;
        statement["predicate"]!["dryRun"]!["diff"]![0]!["from"] = 99;

        claims.Patch["spec"]!["replicas"]!.GetValue<int>().Should().Be(4);
        claims.Arguments["replicas"]!.GetValue<int>().Should().Be(4);
        claims.Diff[0].To!.GetValue<int>().Should().Be(4);
        claims.Diff[0].From!.GetValue<int>().Should().Be(2);
    }

    public static TheoryData<string, string?> IdentityEdits => new()
    {
        { "id", "sha256:" + new string('0', 64) },
        { "kubeSystemUid", "00000000-0000-0000-0000-000000000000" },
        { "kubeSystemUid", null },
        { "server", "HTTPS://127.0.0.1:6443" },
    };

    [Theory]
    [MemberData(nameof(IdentityEdits))]
    public void FromStatement_ClusterIdentityWhoseIdIsNotDerivedFromItsFields_IsMalformed(string field, string? value)
    {
        var statement = Statement();
        statement["predicate"]!["changeRequest"]!["clusterIdentity"]![field] = value;

        var act = () => ProofClaims.FromStatement(statement);

        act.Should().Throw<FormatException>()
            .WithMessage("the proof's statement is malformed: clusterIdentity is not in normal form or its id is not derived from its fields");
    }

    [Fact]
    public void FromStatement_Null_Throws()
    {
        var act = () => ProofClaims.FromStatement(null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("statement");
    }

    [Fact]
    public void Mismatches_Null_Throws()
    {
        var claims = ProofClaims.FromStatement(Statement());

        var act = () => claims.Mismatches(null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("change");
    }

    [Fact]
    public void Build_SignsCreationTimeAndDryRunResult()
    {
        var (change, proof) = ProvenChange.Create(_gate, s_issued, s_cluster);

        var predicate = (JsonObject)JsonNode.Parse(proof.Envelope.Payload)!["predicate"]!;

        predicate["changeRequest"]!["createdAt"]!.GetValue<string>().Should().Be(change.CreatedAt.ToString("O"));
        var dryRun = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 4 } };
        predicate["dryRun"]!["resultDigest"]!.GetValue<string>().Should().Be(Sha256Digest.Compute(CanonicalJson.Serialize(dryRun)).ToString());
        predicate["expiresAt"]!.GetValue<string>().Should().Be(s_issued.AddHours(1).ToString("O"));
        predicate["verify"]!["timeoutSeconds"]!.GetValue<double>().Should().Be(90);
    }

    [Fact]
    public void Build_ChangeWithoutVerify_SignsNoVerifyAndRoundTrips()
    {
        var (change, _) = ProvenChange.Create(_gate, s_issued, s_cluster);
        var proof = ProofBuilder.Build(Input(change with { Verify = null }), _gate);

        var statement = (JsonObject)JsonNode.Parse(proof.Envelope.Payload)!;

        statement["predicate"]!.AsObject().ContainsKey("verify").Should().BeTrue();
        statement["predicate"]!["verify"].Should().BeNull();
        ProofClaims.FromStatement(statement).Mismatches(change with { Verify = null }).Should().BeEmpty();
        ProofClaims.FromStatement(statement).Mismatches(change).Should().Equal("verify");
    }

    [Fact]
    public void Build_ChangeWithoutClusterIdentity_Throws()
    {
        var (change, _) = ProvenChange.Create(_gate, s_issued, s_cluster);

        var act = () => ProofBuilder.Build(Input(change with { ClusterIdentity = null }), _gate);

        act.Should().Throw<ArgumentException>().WithParameterName("input").WithMessage("The change names no cluster identity*");
    }

    public void Dispose() => _gate.Dispose();

    private static ProofInput Input(McpGate.Core.Changes.ChangeDocument change) => new()
    {
        Change = change,
        Observed = new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = "41" } },
        DryRunResult = new JsonObject(),
        Checks = change.Checks,
        Policy = change.Policy!,
        IssuedAt = s_issued,
        ExpiresAt = s_issued.AddHours(1),
    };

    private JsonObject Statement() => (JsonObject)JsonNode.Parse(ProvenChange.Create(_gate, s_issued, s_cluster).Proof.Envelope.Payload)!;

    private static void Remove(JsonObject statement, string path)
    {
        var parts = path.Split('.');
        var parent = statement["predicate"]!.AsObject();
        foreach (var part in parts[..^1])
        {
            parent = parent[part]!.AsObject();
        }

        parent.Remove(parts[^1]).Should().BeTrue(path);
    }
}
