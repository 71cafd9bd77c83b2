using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.Http;
using McpGate.Kubernetes.Identity;

namespace McpGate.Kubernetes.Diagnostics;

public static partial class ClusterCheck
{
    /// <summary>The identity proofs will name; an unreadable kube-system uid is a warning, no identity at all an error.</summary>
    private static async Task<ClusterIdentity?> IdentifyAsync(KubeApiClient client, List<string> warnings, List<string> errors, CancellationToken cancellationToken)
    {
        try
        {
            var identity = await ClusterIdentityResolver.ResolveAsync(client, cancellationToken).ConfigureAwait(false);
            if (identity.KubeSystemUid is null)
            {
                warnings.Add("namespace kube-system is not readable with these credentials: the cluster id rests on server URL and certificate, and changes when either does; grant get on namespace kube-system for a stable id");
            }

            return identity;
        }
        catch (Exception ex) when (IsClusterFailure(ex, cancellationToken) || ex is InvalidOperationException or FormatException)
        {
            errors.Add($"cannot establish the cluster's identity (the gate would not start): {UrlCredentials.Redact(ex.Message)}");
            return null;
        }
    }
}
