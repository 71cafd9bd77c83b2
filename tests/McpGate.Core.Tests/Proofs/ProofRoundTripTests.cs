using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Crypto;
using McpGate.Core.Dsse;
using McpGate.Core.Operations;
using McpGate.Core.Policy;
using McpGate.Core.Proofs;

namespace McpGate.Core.Tests.Proofs;

/// <summary>
/// A proof built for a change verifies and commits to every field the engine acts on; an edit to the
/// stored change (the ledger's document) is caught field by field.
/// </summary>
public sealed class ProofRoundTripTests : IDisposable
{
    private static readonly DateTimeOffset s_issued = new(2026, 1, 15, 10, 0, 0, TimeSpan.Zero);

    private static readonly ClusterIdentity s_cluster =
        ClusterIdentity.Create("https://127.0.0.1:6443", "sha256:" + new string('c', 64), ClusterIdentity.CaBundle, "5f0c2a44-8f1e-4b1e-9a7d-0d6a3c1b2e4f");

    private readonly Ed25519PrivateKey _gate = Ed25519PrivateKey.Generate();

    [Fact]
    public void Build_ThenCheck_GivesBackWhatWasSigned()
    {
        var (change, proof) = Proven();

        var (verified, digest, failure) = ProofCheck.Verify(change, _gate.PublicKey);

        failure.Should().BeNull();
        var claims = verified!;
        digest.Should().Be(proof.Digest);
        proof.Digest.Should().Be(Sha256Digest.Compute(proof.Envelope.Payload));
        proof.ObservedDigest.ToString().Should().Be(Statement(proof)["predicate"]!["observed"]!["digest"]!.GetValue<string>());
        proof.ReleaseScore.Should().Be(67);
        claims.Should().BeEquivalentTo(new
        {
            ChangeId = change.Id,
            Tool = "scale_deployment",
            Requester = "agent",
            Reason = "more traffic",
            Cluster = "sandbox",
            ClusterIdentity = s_cluster,
            Target = change.Target,
            ObservedResourceVersion = "41",
            RequiredApprovals = 2,
            ApproverGroups = new[] { "sre", "ops" },
            ExpiresAt = s_issued.AddHours(1),
            VerifyExpect = "rolledOut",
            VerifyTimeoutSeconds = 90.0,
        });
        JsonNode.DeepEquals(claims.Patch, change.Patch).Should().BeTrue();
        JsonNode.DeepEquals(claims.Arguments, change.Arguments).Should().BeTrue();
        claims.Diff.Should().ContainSingle().Which.Path.Should().Be("spec.replicas");
        claims.Checks.Select(c => (c.Name, c.Status.ToWire(), c.EvidenceDigest)).Should().Equal(
            ("target_exists", "pass", "sha256:" + new string('a', 64)),
            ("dry_run_accepted", "pass", null),
            ("no_drift", "fail", null));
    }

    [Fact]
    public void Build_SignsTheStatementWithTheGateKey_NamingTheTargetAndItsObservedState()
    {
        var (_, proof) = Proven();

        DsseVerifier.Verify(proof.Envelope, [_gate.PublicKey]).Succeeded.Should().BeTrue();
        var statement = Statement(proof);
        statement["subject"]![0]!["name"]!.GetValue<string>().Should().Be("k8s://sandbox/apis/apps/v1/namespaces/demo/deployments/web");
        statement["subject"]![0]!["digest"]!["sha256"]!.GetValue<string>().Should().Be(proof.ObservedDigest.Hex);
        statement["predicate"]!["dryRun"]!["accepted"]!.GetValue<bool>().Should().BeTrue();
        statement["predicate"]!["releaseScore"]!.GetValue<int>().Should().Be(67);
        statement["predicate"]!["policy"]!["allowed"]!.GetValue<bool>().Should().BeTrue();
        statement["predicate"]!["issuedAt"]!.GetValue<string>().Should().Be(s_issued.ToString("O"));
    }

    public static TheoryData<string, string> EditedFields => new()
    {
        { "id", "id" }, { "tool", "tool" }, { "requester", "requester" }, { "reason", "reason" },
        { "diff", "diff" }, { "diff path", "diff" }, { "diff from", "diff" }, { "diff added", "diff" },
        { "summary", "summary" },
        { "checks", "checks" }, { "check name", "checks" }, { "check detail", "checks" }, { "check evidence", "checks" }, { "check dropped", "checks" },
        { "cluster", "cluster" }, { "clusterIdentity", "clusterIdentity" }, { "target", "target" }, { "patch", "patch" }, { "arguments", "arguments" },
        { "observedResourceVersion", "observedResourceVersion" },
        { "request body", "request" }, { "request precondition", "request" }, { "request step added", "request" }, { "request inverse", "request" },
        { "rollbackOf", "rollbackOf" },
        { "policy allowed", "policy" }, { "policy rule", "policy" }, { "policy reason", "policy" },
        { "policy decisionReason", "policy" }, { "policy decisionReason removed", "policy" },
        { "policy removed", "policy, requiredApprovals, approverGroups" },
        { "requiredApprovals", "requiredApprovals" }, { "approverGroups", "approverGroups" },
        { "expiresAt", "expiresAt" },
        { "verify expect", "verify" }, { "verify timeout", "verify" }, { "verify removed", "verify" },
    };

    [Theory]
    [MemberData(nameof(EditedFields))]
    public void Check_RefusesAStoredChange_EditedAfterItWasProven(string edit, string fields)
    {
        var (change, _) = Proven();
        var edited = edit switch
        {
            "id" => change with { Id = "chg-zzzzzzzzzzzz" },
            "tool" => change with { Tool = "delete_deployment" },
            "requester" => change with { Requester = "alice" },
            "reason" => change with { Reason = "something else" },
            "diff" => change with { Diff = [change.Diff[0] with { To = 50 }] },
            "diff path" => change with { Diff = [change.Diff[0] with { Path = "spec.paused" }] },
            "diff from" => change with { Diff = [change.Diff[0] with { From = 1 }] },
            "diff added" => change with { Diff = [change.Diff[0], change.Diff[0]] },
            "summary" => change with { Summary = "demo/web: replicas 2 -> 3" },
            "checks" => change with { Checks = [.. change.Checks.Take(2), change.Checks[2] with { Status = CheckStatus.Pass }] },
            "check name" => change with { Checks = [.. change.Checks.Take(2), change.Checks[2] with { Name = "no_drift2" }] },
            "check detail" => change with { Checks = [.. change.Checks.Take(2), change.Checks[2] with { Detail = "did not move" }] },
            "check evidence" => change with { Checks = [change.Checks[0] with { EvidenceDigest = "sha256:" + new string('b', 64) }, .. change.Checks.Skip(1)] },
            "check dropped" => change with { Checks = [.. change.Checks.Take(2)] },
            "cluster" => change with { Cluster = "prod" },
            "clusterIdentity" => change with { ClusterIdentity = ClusterIdentity.Create("https://10.0.0.1:6443", "sha256:" + new string('d', 64), ClusterIdentity.CaBundle, null) },
            "target" => change with { Target = change.Target with { Namespace = "prod" } },
            "patch" => change with { Patch = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 50 } } },
            "arguments" => change with { Arguments = new JsonObject { ["name"] = "web", ["replicas"] = 50 } },
            "observedResourceVersion" => change with { ObservedResourceVersion = "42" },
            "request body" => change with { Request = change.Request! with { Steps = [change.Request.Steps[0] with { Body = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 50 } } }] } },
            "request precondition" => change with { Request = change.Request! with { Steps = [change.Request.Steps[0] with { Precondition = new WritePrecondition() }] } },
            "request step added" => change with { Request = change.Request! with { Steps = [change.Request.Steps[0], change.Request.Steps[0] with { Verb = WriteVerb.Delete, Body = null }] } },
            "request inverse" => change with { Request = change.Request! with { Inverse = [change.Request.Steps[0]] } },
            "rollbackOf" => change with { RollbackOf = "chg-zzzzzzzzzzzz" },
            "policy allowed" => change with { Policy = change.Policy! with { Allowed = false } },
            "policy rule" => change with { Policy = change.Policy! with { Rule = "everything" } },
            "policy reason" => change with { Policy = change.Policy! with { Reason = "because" } },
            "policy decisionReason" => change with { Policy = change.Policy! with { DecisionReason = DecisionReason.ReadPassthrough } },
            "policy decisionReason removed" => change with { Policy = change.Policy! with { DecisionReason = null } },
            "policy removed" => change with { Policy = null },
            "requiredApprovals" => change with { Policy = change.Policy! with { RequiredApprovals = 1 } },
            "approverGroups" => change with { Policy = change.Policy! with { ApproverGroups = ["dev"] } },
            "verify expect" => change with { Verify = change.Verify! with { Expect = "none" } },
            "verify timeout" => change with { Verify = change.Verify! with { TimeoutSeconds = 1 } },
            "verify removed" => change with { Verify = null },
            _ => change with { ExpiresAt = s_issued.AddDays(30) },
        };

        var (claims, _, failure) = ProofCheck.Verify(edited, _gate.PublicKey);

        claims.Should().BeNull();
        failure.Should().Be($"the stored change does not match its signed proof ({fields}); the ledger's change record was edited");
    }

    public static TheoryData<string> DiffLineEdits => new() { "first to", "second to", "second path", "second from", "second from removed" };

    [Theory]
    [MemberData(nameof(DiffLineEdits))]
    public void Check_RefusesAStoredDiff_WithOneOfTwoLinesEdited(string edit)
    {
        var (change, _) = ProvenChange.Create(_gate, s_issued, s_cluster,
        [
            new DiffLine { Path = "spec.replicas", From = 2, To = 4 },
            new DiffLine { Path = "spec.paused", From = true, To = false },
        ]);
        ProofCheck.Verify(change, _gate.PublicKey).Failure.Should().BeNull();
        var (first, second) = (change.Diff[0], change.Diff[1]);
        IReadOnlyList<DiffLine> edited = edit switch
        {
            "first to" => [first with { To = 5 }, second],
            "second to" => [first, second with { To = true }],
            "second path" => [first, second with { Path = "spec.minReadySeconds" }],
            "second from" => [first, second with { From = false }],
            _ => [first, second with { From = null }],
        };

        var (claims, _, failure) = ProofCheck.Verify(change with { Diff = edited }, _gate.PublicKey);

        claims.Should().BeNull();
        failure.Should().Be("the stored change does not match its signed proof (diff); the ledger's change record was edited");
    }

    [Fact]
    public void Check_NullArguments_ThrowNamingThem()
    {
        var (change, _) = Proven();

        var noChange = () => ProofCheck.Verify(null!, _gate.PublicKey);
        var noKey = () => ProofCheck.Verify(change, null!);

        noChange.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("change");
        noKey.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("gateKey");
    }

    [Fact]
    public void Check_RefusesAChangeWithoutAProof()
    {
        var (change, _) = Proven();

        ProofCheck.Verify(change with { ProofEnvelope = null }, _gate.PublicKey).Failure.Should().Be($"change {change.Id} has no proof");
        ProofCheck.Verify(change with { ProofDigest = null }, _gate.PublicKey).Failure.Should().Be($"change {change.Id} has no proof");
    }

    [Fact]
    public void Check_RefusesAProofSignedByAnotherKey()
    {
        var (change, _) = Proven();
        using var other = Ed25519PrivateKey.Generate();

        var (claims, _, failure) = ProofCheck.Verify(change, other.PublicKey);

        claims.Should().BeNull();
        failure.Should().StartWith("its proof does not verify: signature: ");
    }

    [Fact]
    public void Check_RefusesAStoredDigestThatIsNotTheProofs()
    {
        var (change, proof) = Proven();
        var wrong = Sha256Digest.Compute([1, 2, 3]).ToString();

        var (claims, digest, failure) = ProofCheck.Verify(change with { ProofDigest = wrong }, _gate.PublicKey);

        claims.Should().BeNull();
        digest.Should().Be(proof.Digest);
        failure.Should().Be($"its stored proof digest {wrong} is not the proof's digest {proof.Digest}");
    }

    [Fact]
    public void Check_RefusesAGateSignedStatementWithoutTheClaims()
    {
        var (change, _) = Proven();
        var statement = """{"_type":"https://in-toto.io/Statement/v1","predicate":{"changeRequest":{"id":"chg-abcdefgh2345"}},"predicateType":"https://mcpgate.dev/attestations/change-proof/v1","subject":[{"digest":{"sha256":"00"}}]}"""u8.ToArray();
        var envelope = DsseSigner.Sign(ProofFormat.PayloadType, statement, _gate);

        var (claims, digest, failure) = ProofCheck.Verify(
            change with { ProofEnvelope = envelope.ToJson(), ProofDigest = Sha256Digest.Compute(statement).ToString() },
            _gate.PublicKey);

        claims.Should().BeNull();
        digest.Should().Be(Sha256Digest.Compute(statement));
        failure.Should().Be("the proof's statement is malformed: predicate.target is missing");
    }

    public static TheoryData<string, string?, string> Subjects => new()
    {
        { "apps", "demo", "k8s://sandbox/apis/apps/v1/namespaces/demo/deployments/web" },
        { "", "demo", "k8s://sandbox/api/v1/namespaces/demo/deployments/web" },
        { "apps", null, "k8s://sandbox/apis/apps/v1/deployments/web" },
    };

    [Theory]
    [MemberData(nameof(Subjects))]
    public void SubjectName_IsTheApiPathOnTheCluster(string group, string? ns, string name)
    {
        var (change, _) = Proven();

        ProofBuilder.SubjectName(change with { Target = change.Target with { Group = group, Namespace = ns } }).Should().Be(name);
    }

    public static TheoryData<string[], int> Scores => new()
    {
        { [], 0 },
        { ["pass"], 100 },
        { ["fail"], 0 },
        { ["pass", "fail", "fail"], 33 },
        { ["pass", "pass", "fail"], 67 },
    };

    [Theory]
    [MemberData(nameof(Scores))]
    public void ReleaseScore_IsTheRoundedShareOfPassingChecks(string[] statuses, int score)
    {
        ProofBuilder.ReleaseScore([.. statuses.Select(s => new CheckRecord { Name = "c", Status = CheckStatuses.FromWire(s)!.Value, Detail = "d" })]).Should().Be(score);
    }

    public void Dispose() => _gate.Dispose();

    private static JsonObject Statement(SignedProof proof) => (JsonObject)JsonNode.Parse(proof.Envelope.Payload)!;

    private (ChangeDocument Change, SignedProof Proof) Proven() => ProvenChange.Create(_gate, s_issued, s_cluster);
}
