using System.Net;
using System.Text.Json.Nodes;
using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Api;

public sealed class ResourceEndpointTests : IClassFixture<SandboxFixture>
{
    private const string Deployments = SandboxApi.DeploymentsPath;
    private readonly SandboxFixture _fixture;

    public ResourceEndpointTests(SandboxFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task List_DeploymentsInDemo_ReturnsSeededDeployments()
    {
        using var client = _fixture.CreateHttpClient();

        var list = await SandboxApi.GetAsync(client, Deployments);

        list["kind"]!.GetValue<string>().Should().Be("DeploymentList");
        list["metadata"]!["resourceVersion"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        var names = list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).ToList();
        names.Should().Contain(["api", "web"]);
    }

    [Fact]
    public async Task List_WithLabelSelector_ReturnsOnlyMatches()
    {
        using var client = _fixture.CreateHttpClient();

        var list = await SandboxApi.GetAsync(client, Deployments + "?labelSelector=app%3Dweb");
        var pods = await SandboxApi.GetAsync(client, "/api/v1/namespaces/demo/pods?labelSelector=app%20in%20(api)");

        list["items"]!.AsArray().Should().ContainSingle().Which!["metadata"]!["name"]!.GetValue<string>().Should().Be("web");
        pods["items"]!.AsArray().Should().HaveCount(3);
    }

    [Fact]
    public async Task Get_SeededDeployment_ReturnsObjectWithIdentity()
    {
        using var client = _fixture.CreateHttpClient();

        var web = await SandboxApi.GetAsync(client, Deployments + "/web");

        web["kind"]!.GetValue<string>().Should().Be("Deployment");
        web["apiVersion"]!.GetValue<string>().Should().Be("apps/v1");
        web["metadata"]!["uid"]!.GetValue<string>().Should().MatchRegex("^[0-9a-f-]{36}$");
        web["metadata"]!["creationTimestamp"]!.GetValue<string>().Should().EndWith("Z");
        web["metadata"]!["labels"]!["app"]!.GetValue<string>().Should().Be("web");
        SandboxApi.Long(web["spec"]!["replicas"]).Should().Be(2);
    }

    [Fact]
    public async Task Get_MissingDeployment_Returns404Status()
    {
        using var client = _fixture.CreateHttpClient();

        var (status, body) = await SandboxApi.SendAsync(client, HttpMethod.Get, Deployments + "/x");

        status.Should().Be(HttpStatusCode.NotFound);
        JsonNode.DeepEquals(body, JsonNode.Parse(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"deployments.apps \"x\" not found","reason":"NotFound","details":{"name":"x","group":"apps","kind":"deployments"},"code":404}"""))
            .Should().BeTrue(body.ToJsonString());
    }

    [Fact]
    public async Task MergePatch_Replicas_BumpsResourceVersionAndGeneration()
    {
        using var client = _fixture.CreateHttpClient();
        var before = await SandboxApi.CreateDeploymentAsync(client, "patch-me", 1);

        var (status, after) = await SandboxApi.MergePatchAsync(client, Deployments + "/patch-me",
            new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 3 } });

        status.Should().Be(HttpStatusCode.OK);
        SandboxApi.Long(after["spec"]!["replicas"]).Should().Be(3);
        SandboxApi.ResourceVersion(after).Should().NotBe(SandboxApi.ResourceVersion(before));
        SandboxApi.Generation(after).Should().Be(SandboxApi.Generation(before) + 1);
    }

    [Fact]
    public async Task MergePatch_LabelsOnly_KeepsGeneration()
    {
        using var client = _fixture.CreateHttpClient();
        var before = await SandboxApi.CreateDeploymentAsync(client, "labels-only", 0);

        var (_, after) = await SandboxApi.MergePatchAsync(client, Deployments + "/labels-only",
            new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["tier"] = "edge" } } });

        after["metadata"]!["labels"]!["tier"]!.GetValue<string>().Should().Be("edge");
        SandboxApi.Generation(after).Should().Be(SandboxApi.Generation(before));
    }

    [Fact]
    public async Task Patch_WithStaleResourceVersion_Returns409Status()
    {
        using var client = _fixture.CreateHttpClient();
        var created = await SandboxApi.CreateDeploymentAsync(client, "web-stale", 1);
        await SandboxApi.MergePatchAsync(client, Deployments + "/web-stale", new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 2 } });

        var (status, body) = await SandboxApi.MergePatchAsync(client, Deployments + "/web-stale", new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = SandboxApi.ResourceVersion(created) },
            ["spec"] = new JsonObject { ["replicas"] = 5 },
        });

        status.Should().Be(HttpStatusCode.Conflict);
        JsonNode.DeepEquals(body, JsonNode.Parse(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Operation cannot be fulfilled on deployments.apps \"web-stale\": the object has been modified; please apply your changes to the latest version and try again","reason":"Conflict","details":{"name":"web-stale","group":"apps","kind":"deployments"},"code":409}"""))
            .Should().BeTrue(body.ToJsonString());
    }

    [Fact]
    public async Task Put_WithStaleResourceVersion_Returns409AndPutWithCurrentSucceeds()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = _fixture.CreateHttpClient();
        var created = await SandboxApi.CreateDeploymentAsync(client, "put-me", 1, timeout.Token);
        var stale = (JsonObject)created.DeepClone();
        stale["metadata"]!["resourceVersion"] = "1";
        stale["spec"]!["replicas"] = 4;

        var (staleStatus, _) = await SandboxApi.SendAsync(client, HttpMethod.Put, Deployments + "/put-me", stale, cancellationToken: timeout.Token);
        // The controller writes status while the new pod starts; once settled, nothing moves the resourceVersion but us.
        await _fixture.WaitForSettledAsync(timeout.Token);
        var current = await SandboxApi.GetAsync(client, Deployments + "/put-me", timeout.Token);
        current["spec"]!["replicas"] = 4;
        var (status, updated) = await SandboxApi.SendAsync(client, HttpMethod.Put, Deployments + "/put-me", current, cancellationToken: timeout.Token);

        staleStatus.Should().Be(HttpStatusCode.Conflict);
        status.Should().Be(HttpStatusCode.OK, updated.ToJsonString());
        SandboxApi.Long(updated["spec"]!["replicas"]).Should().Be(4);
        updated["metadata"]!["uid"]!.GetValue<string>().Should().Be(created["metadata"]!["uid"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_WithDryRun_PersistsNothing()
    {
        using var client = _fixture.CreateHttpClient();
        var before = await SandboxApi.GetAsync(client, Deployments + "/api");

        var (status, preview) = await SandboxApi.MergePatchAsync(client, Deployments + "/api?dryRun=All",
            new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 7 } });
        var after = await SandboxApi.GetAsync(client, Deployments + "/api");

        status.Should().Be(HttpStatusCode.OK);
        SandboxApi.Long(preview["spec"]!["replicas"]).Should().Be(7);
        SandboxApi.Generation(preview).Should().Be(SandboxApi.Generation(before) + 1);
        SandboxApi.ResourceVersion(preview).Should().Be(SandboxApi.ResourceVersion(before));
        SandboxApi.Long(after["spec"]!["replicas"]).Should().Be(3);
        SandboxApi.ResourceVersion(after).Should().Be(SandboxApi.ResourceVersion(before));
    }

    [Fact]
    public async Task Create_WithDryRun_PersistsNothingAndBumpsNoRevision()
    {
        await using var cluster = await SandboxCluster.StartAsync(new SandboxOptions { SeedDemo = false });
        using var client = new HttpClient { BaseAddress = cluster.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", cluster.Token);
        var ns = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "demo" } };
        (await SandboxApi.SendAsync(client, HttpMethod.Post, "/api/v1/namespaces", ns)).Status.Should().Be(HttpStatusCode.Created);
        var revisionBefore = cluster.Objects.Store.Revision;

        var (status, preview) = await SandboxApi.SendAsync(client, HttpMethod.Post, Deployments + "?dryRun=All", SandboxApi.Deployment("ghost", 2));
        var (getStatus, _) = await SandboxApi.SendAsync(client, HttpMethod.Get, Deployments + "/ghost");

        status.Should().Be(HttpStatusCode.Created);
        preview["spec"]!["strategy"]!["type"]!.GetValue<string>().Should().Be("RollingUpdate");
        preview["metadata"]!["resourceVersion"].Should().BeNull();
        getStatus.Should().Be(HttpStatusCode.NotFound);
        cluster.Objects.Store.Revision.Should().Be(revisionBefore);
    }

    [Fact]
    public async Task Patch_NegativeReplicas_Returns422WithCauses()
    {
        using var client = _fixture.CreateHttpClient();

        var (status, body) = await SandboxApi.MergePatchAsync(client, Deployments + "/web",
            new JsonObject { ["spec"] = new JsonObject { ["replicas"] = -1 } });

        status.Should().Be((HttpStatusCode)422);
        body["reason"]!.GetValue<string>().Should().Be("Invalid");
        body["message"]!.GetValue<string>().Should().Be(
            "Deployment.apps \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0");
        var cause = body["details"]!["causes"]![0]!;
        cause["field"]!.GetValue<string>().Should().Be("spec.replicas");
        cause["reason"]!.GetValue<string>().Should().Be("FieldValueInvalid");
    }

    [Fact]
    public async Task Create_InMissingNamespace_Returns404()
    {
        using var client = _fixture.CreateHttpClient();

        var (status, body) = await SandboxApi.SendAsync(client, HttpMethod.Post, "/apis/apps/v1/namespaces/nope/deployments", SandboxApi.Deployment("x", 1));

        status.Should().Be(HttpStatusCode.NotFound);
        body["message"]!.GetValue<string>().Should().Be("namespaces \"nope\" not found");
    }

    [Fact]
    public async Task Create_ExistingName_Returns409AlreadyExists()
    {
        using var client = _fixture.CreateHttpClient();

        var (status, body) = await SandboxApi.SendAsync(client, HttpMethod.Post, Deployments, SandboxApi.Deployment("web", 1));

        status.Should().Be(HttpStatusCode.Conflict);
        body["reason"]!.GetValue<string>().Should().Be("AlreadyExists");
        body["message"]!.GetValue<string>().Should().Be("deployments.apps \"web\" already exists");
    }

    [Fact]
    public async Task Patch_UnsupportedContentType_Returns415()
    {
        using var client = _fixture.CreateHttpClient();

        var (status, body) = await SandboxApi.SendAsync(client, HttpMethod.Patch, Deployments + "/web", new JsonObject(), "text/plain");

        status.Should().Be(HttpStatusCode.UnsupportedMediaType);
        body["reason"]!.GetValue<string>().Should().Be("UnsupportedMediaType");
    }

    [Fact]
    public async Task Post_ToObject_Returns405()
    {
        using var client = _fixture.CreateHttpClient();

        var (status, body) = await SandboxApi.SendAsync(client, HttpMethod.Post, Deployments + "/web", new JsonObject());

        status.Should().Be(HttpStatusCode.MethodNotAllowed);
        body["reason"]!.GetValue<string>().Should().Be("MethodNotAllowed");
    }

    [Fact]
    public async Task JsonPatch_ReplaceReplicas_Applies()
    {
        using var client = _fixture.CreateHttpClient();
        await SandboxApi.CreateDeploymentAsync(client, "json-patched", 1);
        var patch = JsonNode.Parse("""[{"op":"test","path":"/spec/replicas","value":1},{"op":"replace","path":"/spec/replicas","value":0}]""");

        var (status, body) = await SandboxApi.SendAsync(client, HttpMethod.Patch, Deployments + "/json-patched", patch, "application/json-patch+json");

        status.Should().Be(HttpStatusCode.OK);
        SandboxApi.Long(body["spec"]!["replicas"]).Should().Be(0);
    }

    [Fact]
    public async Task Get_WithTableAccept_ReturnsDeploymentColumns()
    {
        using var client = _fixture.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Deployments);
        request.Headers.TryAddWithoutValidation("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");

        using var response = await client.SendAsync(request);
        var table = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        table["kind"]!.GetValue<string>().Should().Be("Table");
        table["columnDefinitions"]!.AsArray().Where(c => c!["priority"]!.GetValue<int>() == 0).Select(c => c!["name"]!.GetValue<string>())
            .Should().Equal("Name", "Ready", "Up-to-date", "Available", "Age");
        var web = table["rows"]!.AsArray().Single(r => r!["cells"]![0]!.GetValue<string>() == "web")!;
        web["cells"]![1]!.GetValue<string>().Should().Be("2/2");
    }
}
