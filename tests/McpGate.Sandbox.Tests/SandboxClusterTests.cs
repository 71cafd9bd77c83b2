using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests;

public sealed class SandboxClusterTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _fixture;

    public SandboxClusterTests(SandboxFixture fixture)
    {
        _fixture = fixture;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public async Task Request_WithoutValidToken_Returns401Status(string? token)
    {
        using var client = new HttpClient { BaseAddress = _fixture.Cluster.BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var (status, body) = await SandboxApi.SendAsync(client, HttpMethod.Get, SandboxApi.DeploymentsPath);

        status.Should().Be(HttpStatusCode.Unauthorized);
        body["kind"]!.GetValue<string>().Should().Be("Status");
        body["reason"]!.GetValue<string>().Should().Be("Unauthorized");
        body["code"]!.GetValue<int>().Should().Be(401);
    }

    [Fact]
    public async Task StartAsync_WithSeedDemo_ReturnsRolledOutDeployments()
    {
        await using var cluster = await SandboxCluster.StartAsync(new SandboxOptions { PodReadyDelay = TimeSpan.FromMinutes(10) });
        using var client = new HttpClient { BaseAddress = cluster.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", cluster.Token);

        var web = await SandboxApi.GetAsync(client, SandboxApi.DeploymentsPath + "/web");
        var api = await SandboxApi.GetAsync(client, SandboxApi.DeploymentsPath + "/api");

        cluster.BaseAddress.Host.Should().Be("127.0.0.1");
        SandboxApi.Long(web["status"]!["readyReplicas"]).Should().Be(2);
        web["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>().Should().Be("nginx:1.27");
        SandboxApi.Long(api["status"]!["readyReplicas"]).Should().Be(3);
        api["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>().Should().Be("ghcr.io/example/api:1.4.2");
    }

    [Fact]
    public async Task StartAsync_WithoutSeed_ServesOnlyKubeSystem()
    {
        await using var cluster = await SandboxCluster.StartAsync(new SandboxOptions { SeedDemo = false, Token = "fixed-token" });
        using var client = new HttpClient { BaseAddress = cluster.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "fixed-token");

        var namespaces = await SandboxApi.GetAsync(client, "/api/v1/namespaces");

        cluster.Token.Should().Be("fixed-token");
        namespaces["items"]!.AsArray().Select(n => n!["metadata"]!["name"]!.GetValue<string>()).Should().Equal(["kube-system"], "every cluster has kube-system, seeded or not");
    }

    [Fact]
    public async Task StartAsync_WithInvalidOptions_ThrowsWithEveryError()
    {
        var act = () => SandboxCluster.StartAsync(new SandboxOptions { Port = -1, PodReadyDelay = TimeSpan.FromSeconds(-1) });

        var error = await act.Should().ThrowAsync<ArgumentException>();
        error.Which.Message.Should().Contain("Port").And.Contain("PodReadyDelay");
    }

    [Theory]
    [InlineData(0, 70000, "HttpsPort must be between 0 and 65535, got 70000.")]
    [InlineData(18444, 18444, "Port and HttpsPort must differ, both are 18444.")]
    public async Task StartAsync_WithBadHttpsPort_ThrowsNamingIt(int port, int httpsPort, string message)
    {
        var act = () => SandboxCluster.StartAsync(new SandboxOptions { Port = port, HttpsPort = httpsPort });

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain(message);
    }

    [Fact]
    public void CreateKubeconfig_Always_PointsAtClusterWithTokenAndDemoNamespace()
    {
        var yaml = _fixture.Cluster.CreateKubeconfig("sbx");

        var document = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(yaml);
        document["current-context"].Should().Be("sbx");
        yaml.Should().Contain($"server: {_fixture.Cluster.SecureBaseAddress.ToString().TrimEnd('/')}");
        yaml.Should().Contain("certificate-authority-data: ");
        yaml.Should().Contain($"token: {_fixture.Cluster.Token}");
        yaml.Should().Contain("namespace: demo");
    }

    [Theory]
    [InlineData("true", "12345")]
    [InlineData("null", "1e5")]
    [InlineData("no", "0x1F")]
    [InlineData("~", ".inf")]
    public void CreateKubeconfig_NamesAndTokensThatLookLikeOtherTypes_AreQuoted_AndReadBackAsStrings(string context, string token)
    {
        var yaml = _fixture.Cluster.CreateKubeconfig(new SandboxKubeconfigOptions { ContextName = context, Token = token });

        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlDotNet.RepresentationModel.YamlMappingNode)stream.Documents.Single().RootNode;
        var current = (YamlDotNet.RepresentationModel.YamlScalarNode)root["current-context"];
        current.Value.Should().Be(context);
        current.Style.Should().Be(YamlDotNet.Core.ScalarStyle.DoubleQuoted, "a plain {0} would be read as another type", context);
        yaml.Should().Contain($"token: \"{token}\"").And.Contain($"current-context: \"{context}\"");
        yaml.Should().NotContain("...", "one document, not ended explicitly");
    }

    [Fact]
    public async Task WriteKubeconfigAsync_Always_WritesOwnerOnlyFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sandbox-{Guid.NewGuid():N}.yaml");
        try
        {
            await _fixture.Cluster.WriteKubeconfigAsync(path);

            (await File.ReadAllTextAsync(path)).Should().Be(_fixture.Cluster.CreateKubeconfig());
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task SecureBaseAddress_TrustingOnlyTheClusterCa_ServesTheApi()
    {
        using var authority = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(_fixture.Cluster.CertificateAuthorityPem);
        using var handler = new HttpClientHandler();
        handler.ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
            chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
            chain.ChainPolicy.CustomTrustStore.Add(authority);
            return certificate is not null && chain.Build(certificate);
        };
        using var client = new HttpClient(handler) { BaseAddress = _fixture.Cluster.SecureBaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _fixture.Cluster.Token);

        var web = await SandboxApi.GetAsync(client, SandboxApi.DeploymentsPath + "/web");

        _fixture.Cluster.SecureBaseAddress.Scheme.Should().Be("https");
        web["metadata"]!["name"]!.GetValue<string>().Should().Be("web");
    }

    [Fact]
    public async Task Get_UnknownPath_Returns404Status()
    {
        using var client = _fixture.CreateHttpClient();

        var (status, body) = await SandboxApi.SendAsync(client, HttpMethod.Get, "/apis/example.com/v1/widgets");

        status.Should().Be(HttpStatusCode.NotFound);
        body["reason"]!.GetValue<string>().Should().Be("NotFound");
        _ = body["metadata"].Should().BeOfType<JsonObject>();
    }
}
