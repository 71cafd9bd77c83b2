using System.Net;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;

namespace McpGate.Kubernetes.Identity;

/// <summary>
/// Finds out which cluster a client reaches: the server URL (normalised), the digest of the CA bundle the
/// client trusts or, without one, of the chain the server presented at the TLS handshake, and the uid of
/// namespace <c>kube-system</c> (null when the credentials may not read it, or the server has none).
/// </summary>
public static class ClusterIdentityResolver
{
    private static readonly ResourceRef s_kubeSystem = new() { Group = string.Empty, Version = "v1", Resource = "namespaces", Name = "kube-system" };

    /// <summary>Reads the identity over the client's own connection (its TLS handshake is the one observed).</summary>
    /// <exception cref="KubeApiException">The server answered with an error other than 403 or 404 for kube-system.</exception>
    /// <exception cref="HttpRequestException">The server could not be reached.</exception>
    public static async Task<ClusterIdentity> ResolveAsync(KubeApiClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        string? uid;
        try
        {
            var kubeSystem = await client.GetAsync(s_kubeSystem, cancellationToken).ConfigureAwait(false);
            uid = kubeSystem["metadata"]?["uid"]?.GetValue<string>();
        }
        catch (KubeApiException ex) when (ex.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            // Readable only with get on namespaces; without it the identity rests on URL and certificates.
            uid = null;
        }

        var endpoint = client.Endpoint;
        var server = endpoint.Server;
        if (endpoint.CertificateAuthorityPem is { } bundle)
        {
            return ClusterIdentity.Create(server.ToString(), CertificateSetDigest.OfPemBundle(bundle), ClusterIdentity.CaBundle, uid);
        }

        if (server.Scheme == Uri.UriSchemeHttp)
        {
            return ClusterIdentity.Create(server.ToString(), null, ClusterIdentity.NoCertificate, uid);
        }

        var chain = client.ServerChainDigest
            ?? throw new InvalidOperationException($"no TLS handshake with {ClusterServerUrl.Normalize(server)} was observed; its certificate chain is unknown");
        return ClusterIdentity.Create(server.ToString(), chain, ClusterIdentity.ServerChain, uid);
    }
}
