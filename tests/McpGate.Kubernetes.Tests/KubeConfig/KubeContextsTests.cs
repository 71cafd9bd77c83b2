using System.Text.Json;
using McpGate.Kubernetes.KubeConfig;

namespace McpGate.Kubernetes.Tests.KubeConfig;

public sealed class KubeContextsTests
{
    private const string Token = "tok-3f9a8b7c6d5e4f3a2b1c";
    private const string CertData = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJkekNDQVIyZ0F3SUJBZ0lCQURBS0JnZ3Foa2pPUFFRREFqQWpNU0V3SHdZRFZRUURE";
    private const string KeyData = "LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0tCk1IY0NBUUVFSUZzZWNyZXRrZXltYXRlcmlhbA==";

    private static readonly string s_yaml = $$"""
        apiVersion: v1
        kind: Config
        current-context: prod
        clusters:
          - name: prod-cluster
            cluster: { server: 'https://admin:hunter2@prod.example.com:6443/k8s?x=1', certificate-authority-data: {{CertData}} }
          - name: dev-cluster
            cluster: { server: 'https://dev.example.com' }
        users:
          - name: prod-admin
            user: { token: {{Token}} }
          - name: dev-user
            user: { client-certificate-data: {{CertData}}, client-key-data: {{KeyData}} }
          - name: cloud
            user:
              exec: { apiVersion: client.authentication.k8s.io/v1, interactiveMode: Never, command: /usr/local/bin/aws, args: [eks, get-token, --secret-arg, s3cr3t] }
        contexts:
          - name: prod
            context: { cluster: prod-cluster, user: prod-admin, namespace: shop }
          - name: dev
            context: { cluster: dev-cluster, user: dev-user }
          - name: eks
            context: { cluster: dev-cluster, user: cloud }
        """;

    [Fact]
    public void Describe_EveryAuthMethod_NamesTheMethodNeverTheCredential()
    {
        var configuration = KubeConfigLoader.Parse(s_yaml, "/tmp/kubeconfig", "/tmp");

        var contexts = KubeContexts.Describe(configuration, "dev");

        contexts.Select(c => (c.Name, c.Authentication, c.InUse)).Should().Equal(
            ("dev", "client certificate", true), ("eks", "exec: aws", false), ("prod", "token", false));
        contexts.Single(c => c.Name == "prod").Server.Should().Be("https://prod.example.com:6443/k8s");
        contexts.Single(c => c.Name == "prod").Namespace.Should().Be("shop");
        var all = JsonSerializer.Serialize(contexts);
        foreach (var secret in new[] { Token, CertData, KeyData, "hunter2", "s3cr3t", "get-token" })
        {
            all.Should().NotContain(secret);
        }
    }
}
