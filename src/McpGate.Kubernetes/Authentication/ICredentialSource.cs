
namespace McpGate.Kubernetes.Authentication;

/// <summary>Supplies the credential for each request; thread-safe.</summary>
internal interface ICredentialSource
{
    /// <summary>True when a 401 may be cured by fetching a new credential (exec plugins).</summary>
    bool CanRefresh { get; }

    /// <summary>The current credential, fetched or re-read when stale.</summary>
    ValueTask<KubeCredential> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The server refused <paramref name="rejected"/> with 401: fetch a new credential unless another
    /// caller already replaced it.
    /// </summary>
    ValueTask<KubeCredential> RefreshAsync(KubeCredential rejected, CancellationToken cancellationToken = default);
}
