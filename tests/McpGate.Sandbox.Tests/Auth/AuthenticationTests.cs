using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using McpGate.Sandbox.Tests.Kubectl;

namespace McpGate.Sandbox.Tests.Auth;

public sealed class AuthenticationTests : IAsyncLifetime
{
    private const string ViewerToken = "viewer-token-0123456789";
    private const string RobotToken = "robot-token-0123456789";
    private SandboxCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var options = new SandboxOptions { PodReadyDelay = TimeSpan.FromMilliseconds(100) };
        options.AdditionalTokens[ViewerToken] = "viewer";
        options.AdditionalTokens[RobotToken] = "robot";
        options.ViewUsers.Add("viewer");
        options.ViewUsers.Add("cert-viewer");
        _cluster = await SandboxCluster.StartAsync(options);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task SelfSubjectReview_WithAdditionalToken_ReturnsThatUser()
    {
        using var client = Client(RobotToken);

        var (status, body) = await SandboxApi.SendAsync(client, HttpMethod.Post, "/apis/authentication.k8s.io/v1/selfsubjectreviews",
            new JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "SelfSubjectReview" });

        status.Should().Be(HttpStatusCode.Created);
        ((string)body["status"]!["userInfo"]!["username"]!).Should().Be("robot");
    }

    [Fact]
    public async Task UnknownToken_Returns401()
    {
        using var client = Client("nope");

        var (status, body) = await SandboxApi.SendAsync(client, HttpMethod.Get, "/api/v1/namespaces");

        status.Should().Be(HttpStatusCode.Unauthorized);
        ((string)body["reason"]!).Should().Be("Unauthorized");
    }

    [Fact]
    public async Task ViewUser_CanRead_ButWriteIsForbidden()
    {
        using var client = Client(ViewerToken);

        var read = await SandboxApi.SendAsync(client, HttpMethod.Get, SandboxApi.DeploymentsPath + "/web");
        var write = await SandboxApi.MergePatchAsync(client, SandboxApi.DeploymentsPath + "/web", new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 5 } });

        read.Status.Should().Be(HttpStatusCode.OK);
        write.Status.Should().Be(HttpStatusCode.Forbidden);
        ((string)write.Body["reason"]!).Should().Be("Forbidden");
        ((string)write.Body["message"]!).Should().Be(
            "deployments.apps \"web\" is forbidden: User \"viewer\" cannot patch resource \"deployments\" in API group \"apps\" in the namespace \"demo\"");
    }

    [Fact]
    public async Task KubectlAuthCanI_ReflectsTheRole()
    {
        using var admin = await KubectlRunner.CreateAsync(_cluster);
        using var viewer = await KubectlRunner.CreateAsync(_cluster, new SandboxKubeconfigOptions { Token = ViewerToken });

        var adminCan = await admin.RunAsync("auth", "can-i", "delete", "deployments", "-n", "demo");
        var viewerCanGet = await viewer.RunAsync("auth", "can-i", "get", "pods", "-n", "demo");
        var viewerCanPatch = await viewer.RunAsync("auth", "can-i", "patch", "deployments", "-n", "demo");
        var viewerScale = await viewer.RunAsync("scale", "deployment/web", "-n", "demo", "--replicas=4");

        adminCan.ExitCode.Should().Be(0, adminCan.Stderr);
        adminCan.Stdout.Trim().Should().Be("yes");
        viewerCanGet.Stdout.Trim().Should().Be("yes");
        viewerCanPatch.ExitCode.Should().Be(1);
        viewerCanPatch.Stdout.Trim().Should().Be("no");
        viewerScale.ExitCode.Should().Be(1);
        viewerScale.Stderr.Should().Contain("is forbidden: User \"viewer\" cannot patch resource \"deployments/scale\"");
    }

    [Theory]
    [InlineData(SandboxKeyAlgorithm.EcdsaP256)]
    [InlineData(SandboxKeyAlgorithm.Rsa2048)]
    public async Task KubectlWithClientCertificate_AuthenticatesAsCommonName(SandboxKeyAlgorithm algorithm)
    {
        var certificate = _cluster.IssueClientCertificate("alice", ["dev", "ops"], algorithm);
        using var kubectl = await KubectlRunner.CreateAsync(_cluster, new SandboxKubeconfigOptions { ClientCertificate = certificate });

        var whoami = await kubectl.RunAsync("auth", "whoami", "-o", "json");
        var get = await kubectl.RunAsync("get", "deployments", "-n", "demo");

        whoami.ExitCode.Should().Be(0, whoami.Stderr);
        var info = JsonNode.Parse(whoami.Stdout)!["status"]!["userInfo"]!;
        ((string)info["username"]!).Should().Be("alice");
        info["groups"]!.AsArray().Select(g => (string)g!).Should().Contain(["dev", "ops", "system:authenticated"]);
        get.ExitCode.Should().Be(0, get.Stderr);
        get.Stdout.Should().Contain("web");
    }

    [Fact]
    public async Task ClientCertificate_FromAnotherCa_Returns401()
    {
        await using var other = await SandboxCluster.StartAsync(new SandboxOptions { SeedDemo = false });
        var foreign = other.IssueClientCertificate("mallory", "system:masters");
        using var certificate = X509Certificate2.CreateFromPem(foreign.CertificatePem, foreign.PrivateKeyPem);
        using var handler = new HttpClientHandler
        {
            ClientCertificateOptions = ClientCertificateOption.Manual,
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
        };
        handler.ClientCertificates.Add(X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null));
        using var client = new HttpClient(handler) { BaseAddress = _cluster.SecureBaseAddress };

        using var response = await client.GetAsync("/api/v1/namespaces");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = _cluster.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
