using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Adversarial.Tests.Identities;
using McpGate.Sandbox;
using McpGate.Testing.Files;
using McpGate.Testing.Processes;
using McpGate.Testing.Sandbox;
using ModelContextProtocol.Client;

namespace McpGate.Adversarial.Tests.Reads;

/// <summary>
/// One seeded sandbox (plus a TLS secret with a private key and a token) and two real gates on it
/// (<c>mcpgate serve --kubeconfig</c>): one as cluster-admin logging everything (Trace) to a captured
/// stderr, one as a user bound to the view role (everything but secrets).
/// </summary>
public sealed class ReadGates : IAsyncLifetime
{
    public const string ViewUser = "viewer";
    public const string TlsKey = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7reads-resources-leak-test\n-----END PRIVATE KEY-----\n";
    public const string ApiToken = "tok-7f3a9c2e5b1d-reads-resources";

    private static readonly string s_viewToken = "view-" + Guid.NewGuid().ToString("N");
    private readonly TempDirectory _temp = new("mcpgate-adv-reads-");
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly ConcurrentQueue<string> _viewerStderr = new();

    public SandboxCluster Sandbox { get; private set; } = null!;

    /// <summary>The gate with cluster-admin credentials.</summary>
    public McpClient Admin { get; private set; } = null!;

    /// <summary>The gate with view-only credentials.</summary>
    public McpClient Viewer { get; private set; } = null!;

    /// <summary>Every line the admin gate wrote to stderr so far.</summary>
    public IReadOnlyList<string> AdminLog => [.. _stderr];

    /// <summary>Every line the view-only gate wrote to stderr so far (warnings and above).</summary>
    public IReadOnlyList<string> ViewerLog => [.. _viewerStderr];

    public async Task InitializeAsync()
    {
        var options = new SandboxOptions { PodReadyDelay = TimeSpan.FromMilliseconds(100) };
        options.ViewUsers.Add(ViewUser);
        options.AdditionalTokens[s_viewToken] = ViewUser;
        Sandbox = await SandboxCluster.StartAsync(options);
        await CreateSecretAsync();

        var (_, alice) = await ApproverKeys.GenerateAsync("alice", _temp.Combine("alice.pem"));
        var policies = _temp.CopyPolicies(("approvers.yaml", $"approvers:\n{alice}\n"));
        var admin = _temp.Combine("admin.kubeconfig");
        await Sandbox.WriteKubeconfigAsync(admin, "sandbox");
        var viewer = _temp.Combine("viewer.kubeconfig");
        await Sandbox.WriteKubeconfigAsync(viewer, new SandboxKubeconfigOptions { ContextName = "viewer", Token = s_viewToken });
        Admin = await StartAsync(admin, "admin", policies, "Trace", _stderr.Enqueue);
        Viewer = await StartAsync(viewer, "viewer", policies, "Warning", _viewerStderr.Enqueue);
    }

    public async Task DisposeAsync()
    {
        foreach (var client in new[] { Admin, Viewer })
        {
            if (client is not null)
            {
                await client.DisposeAsync();
            }
        }

        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }

        _temp.Dispose();
    }

    /// <summary>Every Secret value in the cluster, read over its API as an administrator: decoded and as stored (base64).</summary>
    public async Task<IReadOnlyList<(string Where, string Decoded, string Encoded)>> SecretValuesAsync()
    {
        using var http = SandboxHttpClients.Create(Sandbox);
        var list = await http.GetFromJsonAsync<JsonObject>("/api/v1/secrets") ?? throw new InvalidOperationException("no secret list");
        return [.. list["items"]!.AsArray().OfType<JsonObject>().SelectMany(secret => (secret["data"] as JsonObject ?? []).Select(kv =>
        {
            var encoded = kv.Value!.GetValue<string>();
            return ($"{secret["metadata"]!["namespace"]}/{secret["metadata"]!["name"]}[{kv.Key}]", Encoding.UTF8.GetString(Convert.FromBase64String(encoded)), encoded);
        }))];
    }

    private async Task CreateSecretAsync()
    {
        using var http = SandboxHttpClients.Create(Sandbox);
        var secret = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject
            {
                ["name"] = "web-tls",
                ["namespace"] = "staging",
                // kubectl apply keeps the whole object, values included, in this annotation.
                ["annotations"] = new JsonObject { ["kubectl.kubernetes.io/last-applied-configuration"] = $"{{\"stringData\":{{\"token\":\"{ApiToken}\"}}}}" },
            },
            ["type"] = "kubernetes.io/tls",
            ["stringData"] = new JsonObject { ["tls.key"] = TlsKey, ["tls.crt"] = "cert-body-not-secret-but-long", ["token"] = ApiToken },
        };
        using var response = await http.PostAsJsonAsync("/api/v1/namespaces/staging/secrets", secret);
        response.EnsureSuccessStatusCode();
    }

    private async Task<McpClient> StartAsync(string kubeconfig, string name, string policies, string level, Action<string> stderr)
    {
        var (command, arguments) = McpGateCli.Command(
            "serve", "--kubeconfig", kubeconfig, "--data-dir", _temp.Combine($"data-{name}"), "--policies", policies, "--agent", "adversary", "--log-level", level);
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = $"mcpgate-{name}",
            Command = command,
            Arguments = arguments,
            ShutdownTimeout = TimeSpan.FromSeconds(10),
            StandardErrorLines = stderr,
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await McpClient.CreateAsync(transport, new McpClientOptions { DiscoverProbeTimeout = Timeout.InfiniteTimeSpan }, cancellationToken: timeout.Token);
    }
}
