using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Crypto;
using McpGate.Core.Dsse;
using McpGate.Core.Operations;
using McpGate.Core.Proofs;

namespace McpGate.Core.Tests.Proofs;

/// <summary>
/// An edit to any part of a stored change's write request (a step's body, precondition, verb, target,
/// the steps' order, the inverse) no longer matches its signed proof, and the claims stay what was signed.
/// </summary>
public sealed class ProofMismatchRequestTests : IDisposable
{
    private readonly Ed25519PrivateKey _gate = Ed25519PrivateKey.Generate();

    public static TheoryData<string> RequestEdits => new()
    {
        "create body", "patch body", "patch body to null", "precondition resourceVersion", "precondition resourceVersion removed",
        "precondition uid", "create precondition dropped", "delete precondition absent", "verb", "propagation", "propagation removed",
        "patch type", "step target", "step dropped", "steps reordered", "step added", "inverse body", "inverse dropped", "action",
        "no inverse reason", "request removed",
    };

    [Theory]
    [MemberData(nameof(RequestEdits))]
    public void Check_RefusesAStoredRequest_EditedAfterItWasProven(string edit)
    {
        var change = Proven();
        var request = change.Request!;
        var steps = request.Steps;
        var edited = edit switch
        {
            "create body" => With(request, 1, steps[1] with { Body = JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"web-flags","namespace":"demo"},"data":{"beta":"off"}}""") }),
            "patch body" => With(request, 0, steps[0] with { Body = JsonNode.Parse("""{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"evil:latest"}]}}}}""") }),
            "patch body to null" => With(request, 0, steps[0] with { Body = null }),
            "precondition resourceVersion" => With(request, 0, steps[0] with { Precondition = steps[0].Precondition with { ResourceVersion = "42" } }),
            "precondition resourceVersion removed" => With(request, 0, steps[0] with { Precondition = steps[0].Precondition with { ResourceVersion = null } }),
            "precondition uid" => With(request, 2, steps[2] with { Precondition = steps[2].Precondition with { Uid = "00000000-0000-0000-0000-000000000000" } }),
            "create precondition dropped" => With(request, 1, steps[1] with { Precondition = new WritePrecondition() }),
            "delete precondition absent" => With(request, 2, steps[2] with { Precondition = steps[2].Precondition with { Absent = true } }),
            "verb" => With(request, 2, steps[2] with { Verb = WriteVerb.Evict }),
            "propagation" => With(request, 2, steps[2] with { Propagation = DeletePropagation.Orphan }),
            "propagation removed" => With(request, 2, steps[2] with { Propagation = null }),
            "patch type" => With(request, 0, steps[0] with { PatchType = PatchType.Merge }),
            "step target" => With(request, 1, steps[1] with { Target = steps[1].Target with { Namespace = "prod" } }),
            "step dropped" => request with { Steps = [steps[0], steps[1]] },
            "steps reordered" => request with { Steps = [steps[1], steps[0], steps[2]] },
            "step added" => request with { Steps = [.. steps, steps[2]] },
            "inverse body" => request with { Inverse = [request.Inverse[0] with { Body = JsonNode.Parse("""[{"op":"remove","path":"/spec"}]""") }, request.Inverse[1]] },
            "inverse dropped" => request with { Inverse = [], NoInverseReason = "none" },
            "action" => request with { Action = "patch_resource" },
            "no inverse reason" => request with { NoInverseReason = "cannot be undone" },
            _ => null,
        };

        var (claims, _, failure) = ProofCheck.Verify(change with { Request = edited }, _gate.PublicKey);

        claims.Should().BeNull();
        failure.Should().Be("the stored change does not match its signed proof (request); the ledger's change record was edited");
    }

    [Fact]
    public void Mismatches_StatementWhoseStepBodyWasChangedAndResigned_NamesTheRequest()
    {
        var change = Proven();
        var statement = (JsonObject)JsonNode.Parse(DsseEnvelope.Parse(change.ProofEnvelope!).Payload)!;
        statement["predicate"]!["request"]!["steps"]![1]!["body"]!["data"]!["beta"] = "off";
        statement["predicate"]!["request"]!["steps"]![0]!["precondition"]!["resourceVersion"] = "40";

        var claims = ProofClaims.FromStatement(statement);

        claims.Request.Steps[1].Body!["data"]!["beta"]!.GetValue<string>().Should().Be("off", "the claims are what the statement says");
        claims.Request.Steps[0].Precondition.ResourceVersion.Should().Be("40");
        claims.Mismatches(change).Should().Equal("request");
    }

    [Fact]
    public void Check_StoredRequestEqualToTheSigned_ButBuiltAnew_Matches()
    {
        var change = Proven();

        var (claims, _, failure) = ProofCheck.Verify(change with { Request = MultiStepChange.Request() }, _gate.PublicKey);

        failure.Should().BeNull();
        claims!.Request.Steps.Should().HaveCount(3);
    }

    public void Dispose() => _gate.Dispose();

    private static WriteRequest With(WriteRequest request, int index, WriteStep step) =>
        request with { Steps = [.. request.Steps.Select((s, i) => i == index ? step : s)] };

    private ChangeDocument Proven()
    {
        var change = MultiStepChange.Change();
        var proof = ProofBuilder.Build(new ProofInput
        {
            Change = change,
            Observed = MultiStepChange.Observed(),
            DryRunResult = [],
            Checks = change.Checks,
            Policy = change.Policy!,
            IssuedAt = MultiStepChange.Issued,
            ExpiresAt = MultiStepChange.Issued.AddHours(1),
        }, _gate);
        return change with { ProofEnvelope = proof.Envelope.ToJson(), ProofDigest = proof.Digest.ToString() };
    }
}
