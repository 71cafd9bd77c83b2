using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Operations;
using McpGate.Core.Proofs;

namespace McpGate.Core.Tests.Proofs;

/// <summary>
/// Which resourceVersion a proof signs as observed: for a change made before requests were signed, the one
/// of the object the engine read (its merge patch is sent under it); with a request, the one the engine
/// recorded for the first target. A stored change naming another is refused as edited.
/// </summary>
public sealed class ProofObservedVersionTests : IDisposable
{
    private readonly Ed25519PrivateKey _gate = Ed25519PrivateKey.Generate();

    public static TheoryData<string, bool, string?, string?, string?> Cases => new()
    {
        // name, with a request, the observed object's resourceVersion, the change's, what is signed
        { "no request: the observed object's", false, "41", "41", "41" },
        { "no request: another version of the object", false, "9001", "9001", "9001" },
        { "no request: the change's own field is not what is signed", false, "41", "77", "41" },
        { "no request: an object without a resourceVersion", false, null, null, null },
        { "a request: the change's, not the object's", true, "99", "41", "41" },
        { "a request for a create: none, whatever the object holds", true, "41", null, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Build_SignsTheObservedVersion_AndAStoredChangeNamingAnotherIsRefused(string name, bool withRequest, string? objectVersion, string? changeVersion, string? signedVersion)
    {
        _ = name;
        var change = MultiStepChange.Change() with
        {
            Request = withRequest ? MultiStepChange.Request() : null,
            ObservedResourceVersion = changeVersion,
        };
        var metadata = new JsonObject { ["name"] = "web", ["uid"] = "0b5d2c8e-1111-4a2b-9c3d-5e6f7a8b9c0d" };
        if (objectVersion is not null)
        {
            metadata["resourceVersion"] = objectVersion;
        }

        var proof = ProofBuilder.Build(new ProofInput
        {
            Change = change,
            Observed = new JsonObject { ["metadata"] = metadata, ["spec"] = new JsonObject { ["replicas"] = 2 } },
            DryRunResult = [],
            Checks = change.Checks,
            Policy = change.Policy!,
            IssuedAt = MultiStepChange.Issued,
            ExpiresAt = MultiStepChange.Issued.AddHours(1),
        }, _gate);

        var statement = (JsonObject)JsonNode.Parse(proof.Envelope.Payload)!;
        var observed = statement["predicate"]!["observed"]!.AsObject();
        observed.ContainsKey("resourceVersion").Should().BeTrue("it is written as null when there is none");
        ((string?)observed["resourceVersion"]).Should().Be(signedVersion);

        var stored = change with { ObservedResourceVersion = signedVersion, ProofEnvelope = proof.Envelope.ToJson(), ProofDigest = proof.Digest.ToString() };
        var (claims, digest, failure) = ProofCheck.Verify(stored, _gate.PublicKey);
        failure.Should().BeNull();
        digest.Should().Be(proof.Digest);
        claims!.ObservedResourceVersion.Should().Be(signedVersion);
        if (!withRequest)
        {
            claims.Request.Steps.Should().ContainSingle().Which.Precondition.ResourceVersion.Should().Be(signedVersion, "the merge patch is sent under the version the engine read");
        }
        else
        {
            JsonNode.DeepEquals(OperationsJson.ToJson(claims.Request), OperationsJson.ToJson(MultiStepChange.Request())).Should().BeTrue();
        }

        foreach (var other in new[] { "12345", signedVersion is null ? "41" : null, signedVersion + "0" })
        {
            var (edited, _, refusal) = ProofCheck.Verify(stored with { ObservedResourceVersion = other }, _gate.PublicKey);
            edited.Should().BeNull($"a stored change observed at {other ?? "no version"} is not the proven one");
            refusal.Should().Be("the stored change does not match its signed proof (observedResourceVersion); the ledger's change record was edited");
        }
    }

    public static TheoryData<string, string> RequestReadErrors => new()
    {
        { "null", "$.request" },
        { "[]", "$.request" },
        { "5", "$.request" },
        { """{"action":5}""", "$.request.action" },
        { """{"action":"scale","steps":{}}""", "$.request.steps" },
    };

    /// <summary>
    /// The converter on its own, as a caller other than the predicate's serializer (which never hands it a JSON null)
    /// would meet it: a null request is refused as null, and every error names its place under <c>$.request</c>.
    /// </summary>
    [Theory]
    [MemberData(nameof(RequestReadErrors))]
    public void SignedRequestConverter_Read_RefusesNamingThePlaceUnderTheRequest(string json, string path)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(JsonNode.Parse(json));
        var act = () =>
        {
            var reader = new Utf8JsonReader(bytes);
            reader.Read();
            return new SignedRequestConverter().Read(ref reader, typeof(WriteRequest), JsonSerializerOptions.Default);
        };

        var ex = act.Should().Throw<JsonException>().Which;
        ex.Path.Should().Be(path);
        if (json == "null")
        {
            ex.Message.Should().Be("the write request is null");
        }
        else
        {
            ex.Message.Should().NotBeNullOrEmpty();
        }
    }

    [Fact]
    public void SignedRequestConverter_Read_TakesTheGatesOwnSpelling()
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(OperationsJson.ToJson(MultiStepChange.Request()));
        var reader = new Utf8JsonReader(bytes);
        reader.Read();

        var request = new SignedRequestConverter().Read(ref reader, typeof(WriteRequest), JsonSerializerOptions.Default);

        JsonNode.DeepEquals(OperationsJson.ToJson(request), OperationsJson.ToJson(MultiStepChange.Request())).Should().BeTrue();
    }

    public void Dispose() => _gate.Dispose();
}
