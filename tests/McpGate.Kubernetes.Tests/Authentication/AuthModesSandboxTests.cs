using System.Security.Cryptography.X509Certificates;
using System.Text;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.KubeConfig;
using McpGate.Kubernetes.Tests.Support;
using McpGate.Sandbox;
using McpGate.Testing.Files;

namespace McpGate.Kubernetes.Tests.Authentication;

/// <summary>Each authentication mode against the sandbox over HTTPS: token file, client certificates (RSA and EC), in-cluster.</summary>
public sealed class AuthModesSandboxTests : IClassFixture<KubeSandboxFixture>, IDisposable
{
    private readonly KubeSandboxFixture _sandbox;
    private readonly TempDirectory _dir = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(20));

    public AuthModesSandboxTests(KubeSandboxFixture sandbox) => _sandbox = sandbox;

    private CancellationToken Ct => _timeout.Token;

    public void Dispose()
    {
        _dir.Dispose();
        _timeout.Dispose();
    }

    [Theory]
    [InlineData(SandboxKeyAlgorithm.EcdsaP256)]
    [InlineData(SandboxKeyAlgorithm.Rsa2048)]
    public async Task GetAsync_ClientCertificateFromKubeconfig_Authenticates(SandboxKeyAlgorithm algorithm)
    {
        var certificate = _sandbox.Cluster.IssueClientCertificate("alice", ["system:masters"], algorithm);
        var path = Path.Combine(_dir.Path, "config");
        await _sandbox.Cluster.WriteKubeconfigAsync(path, new SandboxKubeconfigOptions { ClientCertificate = certificate }, Ct);
        using var port = KubernetesClusterPort.FromKubeconfig(path, null);

        var web = await port.GetAsync(TestDeployments.Named("web"), Ct);

        web.Should().NotBeNull();
        port.Client.Endpoint.Token.Should().BeNull();
    }

    [Theory]
    [InlineData(SandboxKeyAlgorithm.EcdsaP256)]
    [InlineData(SandboxKeyAlgorithm.Rsa2048)]
    public async Task GetAsync_ClientKeyAsPkcs8File_Authenticates(SandboxKeyAlgorithm algorithm)
    {
        var certificate = _sandbox.Cluster.IssueClientCertificate("bob", ["system:masters"], algorithm);
        using var loaded = X509Certificate2.CreateFromPem(certificate.CertificatePem, certificate.PrivateKeyPem);
        var pkcs8 = algorithm == SandboxKeyAlgorithm.Rsa2048
            ? loaded.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem()
            : loaded.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem();
        _dir.Write("certs/client.crt", certificate.CertificatePem);
        _dir.Write("certs/client.key", pkcs8);
        var path = _dir.Write("config", Kubeconfig("client-certificate: certs/client.crt\n    client-key: certs/client.key"));
        using var client = new KubeApiClient(KubeConfigLoader.Load(path).Resolve());

        (await client.GetAsync(TestDeployments.Named("web"), Ct))["kind"]!.GetValue<string>().Should().Be("Deployment");
    }

    [Fact]
    public async Task GetAsync_TokenFile_Authenticates()
    {
        _dir.Write("token", KubeSandboxFixture.OtherAdminToken + "\n");
        var path = _dir.Write("config", Kubeconfig("tokenFile: token"));
        using var client = new KubeApiClient(KubeConfigLoader.Load(path).Resolve());

        (await client.GetAsync(TestDeployments.Named("web"), Ct))["kind"]!.GetValue<string>().Should().Be("Deployment");
    }

    [Fact]
    public async Task InCluster_ServiceAccountFolder_AuthenticatesWithNamespaceAndRotatesToken()
    {
        var root = Path.Combine(_dir.Path, "serviceaccount");
        _dir.Write("serviceaccount/token", "rotated-away");
        _dir.Write("serviceaccount/ca.crt", _sandbox.Cluster.CertificateAuthorityPem);
        _dir.Write("serviceaccount/namespace", "demo\n");
        var server = _sandbox.Cluster.SecureBaseAddress;
        string? Env(string name) => name switch
        {
            "KUBERNETES_SERVICE_HOST" => server.Host,
            "KUBERNETES_SERVICE_PORT" => server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        };
        using var port = KubernetesClusterPort.FromInCluster(root, Env);
        var stale = () => port.GetAsync(TestDeployments.Named("web"), Ct);
        await stale.Should().ThrowAsync<McpGate.Core.Cluster.ClusterException>();

        // The kubelet rotated the token: the next 401 re-reads the file at once.
        _dir.Write("serviceaccount/token", _sandbox.Cluster.Token);
        var web = await port.GetAsync(TestDeployments.Named("web"), Ct);

        web.Should().NotBeNull();
        port.ClusterName.Should().Be("in-cluster");
        port.DefaultNamespace.Should().Be("demo");
    }

    [Fact]
    public void InCluster_NotInAPod_NamesWhatIsMissing()
    {
        var act = () => KubeInClusterConfig.Load(Path.Combine(_dir.Path, "nope"), _ => null);

        var errors = act.Should().Throw<KubeConfigException>().Which.Errors;
        errors.Should().Contain(e => e.Contains("KUBERNETES_SERVICE_HOST is not set", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("KUBERNETES_SERVICE_PORT", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("token file", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("ca.crt file", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_EncryptedClientKey_NamesField()
    {
        var certificate = _sandbox.Cluster.IssueClientCertificate("carol", ["system:masters"], SandboxKeyAlgorithm.EcdsaP256);
        var encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n";
        var path = _dir.Write("config", Kubeconfig(
            $"client-certificate-data: {B64(certificate.CertificatePem)}\n    client-key-data: {B64(encrypted)}"));

        var act = () => KubeConfigLoader.Load(path).Resolve();

        act.Should().Throw<KubeConfigException>().WithMessage("*users[0].user.client-certificate and client-key do not form a usable certificate: the private key is encrypted*");
    }

    [Fact]
    public void Resolve_KeyOfAnotherCertificate_NamesField()
    {
        var alice = _sandbox.Cluster.IssueClientCertificate("alice", ["g"], SandboxKeyAlgorithm.EcdsaP256);
        var bob = _sandbox.Cluster.IssueClientCertificate("bob", ["g"], SandboxKeyAlgorithm.EcdsaP256);
        var path = _dir.Write("config", Kubeconfig(
            $"client-certificate-data: {B64(alice.CertificatePem)}\n    client-key-data: {B64(bob.PrivateKeyPem)}"));

        var act = () => KubeConfigLoader.Load(path).Resolve();

        act.Should().Throw<KubeConfigException>().WithMessage("*users[0].user.client-certificate and client-key do not form a usable certificate*");
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private string Kubeconfig(string userFields) => $$"""
        current-context: s
        clusters:
        - name: s
          cluster:
            server: {{_sandbox.Cluster.SecureBaseAddress.ToString().TrimEnd('/')}}
            certificate-authority-data: {{B64(_sandbox.Cluster.CertificateAuthorityPem)}}
        users:
        - name: u
          user:
            {{userFields}}
        contexts:
        - name: s
          context: {cluster: s, user: u, namespace: demo}
        """;
}
