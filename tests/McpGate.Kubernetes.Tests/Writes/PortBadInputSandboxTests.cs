using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Tests.Support;

namespace McpGate.Kubernetes.Tests.Writes;

/// <summary>Requests the port refuses before sending: Invalid naming the field and the rule, nothing sent, nothing changed.</summary>
public sealed class PortBadInputSandboxTests : PortSandboxTest, IClassFixture<KubeSandboxFixture>
{
    public PortBadInputSandboxTests(KubeSandboxFixture sandbox)
        : base(sandbox)
    {
    }

    public static TheoryData<string, PatchRequest, string> BadPatches => new()
    {
        { "json-object", new PatchRequest { Type = PatchType.Json, Patch = new JsonObject { ["op"] = "replace" } }, "patch: a JSON patch (RFC 6902) must be an array of operations, not an object" },
        { "json-string", new PatchRequest { Type = PatchType.Json, Patch = JsonValue.Create("[]") }, "patch: a JSON patch (RFC 6902) must be an array of operations, not a string" },
        { "json-op-no-path", new PatchRequest { Type = PatchType.Json, Patch = new JsonArray(new JsonObject { ["op"] = "remove" }) }, "patch[0]: each JSON patch operation must be an object with string 'op' and 'path'" },
        { "json-op-not-object", new PatchRequest { Type = PatchType.Json, Patch = new JsonArray(new JsonObject { ["op"] = "remove", ["path"] = "/data" }, 1) }, "patch[1]: each JSON patch operation" },
        { "merge-array", new PatchRequest { Type = PatchType.Merge, Patch = new JsonArray() }, "patch: a merge patch must be a JSON object, not an array" },
        { "strategic-array", new PatchRequest { Type = PatchType.StrategicMerge, Patch = new JsonArray() }, "patch: a strategic merge patch must be a JSON object, not an array" },
        { "metadata-array", new PatchRequest { Type = PatchType.Merge, Patch = new JsonObject { ["metadata"] = new JsonArray() }, ResourceVersion = "1" }, "patch.metadata: must be an object" },
        { "manager-empty", new PatchRequest { Type = PatchType.Merge, Patch = new JsonObject(), FieldManager = " " }, "fieldManager: must be 1 to 128 printable characters" },
        { "manager-long", new PatchRequest { Type = PatchType.Merge, Patch = new JsonObject(), FieldManager = new string('m', 129) }, "fieldManager: must be 1 to 128" },
        { "manager-control", new PatchRequest { Type = PatchType.Merge, Patch = new JsonObject(), FieldManager = "mcp\ngate" }, "fieldManager: must be 1 to 128" },
        { "subresource-path", new PatchRequest { Type = PatchType.Merge, Patch = new JsonObject(), Subresource = "scale/../x" }, "subresource: 'scale/../x' must be one path segment" },
        { "type-undefined", new PatchRequest { Type = (PatchType)42, Patch = new JsonObject() }, "type: '42' is not a patch type" },
    };

    public static TheoryData<string, Func<JsonObject, JsonObject>, string> BadCreates => new()
    {
        { "other-namespace", body => Set(body, "metadata", "namespace", "prod"), "body.metadata.namespace: 'prod' must equal the target namespace 'demo' (or be omitted)" },
        { "other-name", body => Set(body, "metadata", "name", "someone-else"), "body.metadata.name: 'someone-else' must equal the target's name" },
        { "namespace-number", body => Set(body, "metadata", "namespace", 7), "body.metadata.namespace: '7' must equal the target namespace" },
        { "other-apiversion", body => Set(body, null, "apiVersion", "apps/v1"), "body.apiVersion: must be 'v1', the target's group and version" },
        { "resource-version", body => Set(body, "metadata", "resourceVersion", "12"), "body.metadata.resourceVersion: must not be set on an object to be created" },
        { "metadata-string", body => Set(body, null, "metadata", "x"), "body.metadata: must be an object" },
    };

    [Theory]
    [MemberData(nameof(BadPatches))]
    public async Task PatchAsync_BadRequest_InvalidNamingFieldAndRuleAndNothingSent(string label, PatchRequest patch, string expected)
    {
        var (target, created) = await CreateConfigMapAsync("badpatch-" + label[..4]);
        Sandbox.Cluster.ResetRequestCounts();

        var act = () => Port.PatchAsync(target, patch, dryRun: false, Ct);

        var error = (await act.Should().ThrowAsync<ClusterException>()).Which;
        error.Kind.Should().Be(ClusterErrorKind.Invalid);
        error.StatusCode.Should().BeNull("the server never saw it");
        error.Message.Should().Contain("refused before sending: " + expected);
        Sandbox.Cluster.CountRequests("PATCH", "/api/v1/namespaces/demo/configmaps").Should().Be(0);
        TestDeployments.ResourceVersion((await ObservedAsync(target))!).Should().Be(TestDeployments.ResourceVersion(created));
    }

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task CreateAsync_BadBody_InvalidNamingFieldAndRuleAndNothingCreated(string label, Func<JsonObject, JsonObject> spoil, string expected)
    {
        var name = TestDeployments.UniqueName("badcreate");
        Sandbox.Cluster.ResetRequestCounts();

        var act = () => Port.CreateAsync(TestObjects.ConfigMaps.WithName(name), new CreateRequest { Body = spoil(TestObjects.ConfigMap(name, "x")) }, dryRun: false, Ct);

        var error = (await act.Should().ThrowAsync<ClusterException>()).Which;
        error.Kind.Should().Be(ClusterErrorKind.Invalid, label);
        error.Message.Should().Contain("refused before sending: " + expected);
        Sandbox.Cluster.CountRequests("POST", "/api/v1/namespaces").Should().Be(0);
        (await ObservedAsync(TestObjects.ConfigMaps.WithName(name))).Should().BeNull();
        (await ObservedAsync(TestObjects.ConfigMaps with { Namespace = "prod", Name = name })).Should().BeNull();
    }

    [Fact]
    public async Task ApplyAsync_ManifestWithoutKindOrForAnotherNamespace_Refused()
    {
        var name = TestDeployments.UniqueName("badssa");
        var target = TestObjects.ConfigMaps.WithName(name);
        var noKind = TestObjects.ConfigMap(name, "x");
        noKind.Remove("kind");

        var missingKind = () => Port.ApplyAsync(target, new ApplyRequest { Manifest = noKind }, dryRun: false, Ct);
        var otherNamespace = () => Port.ApplyAsync(target, new ApplyRequest { Manifest = Set(TestObjects.ConfigMap(name, "x"), "metadata", "namespace", "prod") }, dryRun: false, Ct);
        var noName = () => Port.ApplyAsync(TestObjects.ConfigMaps, new ApplyRequest { Manifest = TestObjects.ConfigMap(name, "x") }, dryRun: false, Ct);

        (await missingKind.Should().ThrowAsync<ClusterException>()).Which.Message.Should().Contain("manifest.kind: is required");
        (await otherNamespace.Should().ThrowAsync<ClusterException>()).Which.Message.Should().Contain("manifest.metadata.namespace: 'prod' must equal the target namespace 'demo'");
        (await noName.Should().ThrowAsync<ClusterException>()).Which.Message.Should().Contain("target.name: server-side apply needs the name of the object");
        (await ObservedAsync(target)).Should().BeNull();
    }

    [Fact]
    public async Task EvictAsync_NotAPod_Refused()
    {
        var act = () => Port.EvictAsync(TestDeployments.Named("web"), null, dryRun: false, Ct);

        var error = (await act.Should().ThrowAsync<ClusterException>()).Which;
        error.Kind.Should().Be(ClusterErrorKind.Invalid);
        error.Message.Should().Contain("target: only a named core/v1 pod can be evicted");
        (await ObservedAsync(TestDeployments.Named("web"))).Should().NotBeNull();
    }

    [Fact]
    public async Task DeleteAsync_EmptyPrecondition_RefusedAndObjectStays()
    {
        var (target, _) = await CreateConfigMapAsync("emptypre");

        var act = () => Port.DeleteAsync(target, new DeleteRequest { Preconditions = new DeletePreconditions { Uid = string.Empty } }, dryRun: false, Ct);

        (await act.Should().ThrowAsync<ClusterException>()).Which.Message.Should().Contain("preconditions: uid and resourceVersion must be null or non-empty");
        (await ObservedAsync(target)).Should().NotBeNull();
    }

    private static JsonObject Set(JsonObject body, string? parent, string field, JsonNode? value)
    {
        var holder = parent is null ? body : body[parent]!.AsObject();
        holder[field] = value;
        return body;
    }
}
