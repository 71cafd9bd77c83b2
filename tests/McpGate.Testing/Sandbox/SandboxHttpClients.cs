using System.Net.Http.Headers;
using McpGate.Sandbox;

namespace McpGate.Testing.Sandbox;

/// <summary>HttpClients for a sandbox cluster's plain-HTTP endpoint, sending its bearer token.</summary>
internal static class SandboxHttpClients
{
    public static HttpClient Create(SandboxCluster cluster)
    {
        var client = new HttpClient { BaseAddress = cluster.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", cluster.Token);
        return client;
    }
}
