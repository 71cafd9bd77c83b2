using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using McpGate.Kubernetes.KubeConfig;
using Microsoft.Extensions.Logging;

namespace McpGate.Kubernetes.Authentication;

/// <summary>
/// Caches an exec plugin's credential until its <c>expirationTimestamp</c> (a credential without one is
/// kept until the server rejects it). One refresh at a time: concurrent callers wait for the same run.
/// </summary>
internal sealed class ExecCredentialSource : ICredentialSource, IDisposable
{
    /// <summary>Refresh this long before the stated expiry, so a request does not leave with a dying token.</summary>
    public static readonly TimeSpan ExpirySkew = TimeSpan.FromSeconds(5);

    private readonly ExecPluginRunner _runner;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile KubeCredential? _current;

    public ExecCredentialSource(KubeEndpoint endpoint, TimeSpan timeout, TimeProvider timeProvider, ILogger logger)
    {
        _runner = new ExecPluginRunner(endpoint, timeout);
        _time = timeProvider;
        _logger = logger;
    }

    public bool CanRefresh => true;

    public ValueTask<KubeCredential> GetAsync(CancellationToken cancellationToken = default)
    {
        var current = _current;
        return current is not null && IsFresh(current) ? ValueTask.FromResult(current) : new ValueTask<KubeCredential>(FetchAsync(null, cancellationToken));
    }

    public ValueTask<KubeCredential> RefreshAsync(KubeCredential rejected, CancellationToken cancellationToken = default) =>
        new(FetchAsync(rejected, cancellationToken));

    public void Dispose() => _refresh.Dispose();

    private async Task<KubeCredential> FetchAsync(KubeCredential? rejected, CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have fetched while this one waited.
            var current = _current;
            if (current is not null && IsFresh(current) && !ReferenceEquals(current, rejected))
            {
                return current;
            }

            KubeAuthLog.RunningPlugin(_logger, _runner.PluginName, rejected is null ? "expired or first use" : "rejected with 401");
            var output = await _runner.RunAsync(cancellationToken).ConfigureAwait(false);
            var credential = new KubeCredential
            {
                Token = output.Token,
                ClientCertificate = output.ClientCertificatePem is { } certificate ? LoadCertificate(certificate, output.ClientKeyPem!) : null,
                ExpiresAt = output.ExpiresAt,
            };
            _current = credential;
            return credential;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private X509Certificate2 LoadCertificate(string certificatePem, string keyPem)
    {
        try
        {
            return ClientCertificates.Load(certificatePem, keyPem);
        }
        catch (CryptographicException ex)
        {
            throw new KubeAuthenticationException($"{_runner.PluginName} printed status.clientCertificateData / status.clientKeyData that are not a usable certificate and key: {ex.Message}", ex);
        }
    }

    private bool IsFresh(KubeCredential credential) =>
        credential.ExpiresAt is not { } expiry || _time.GetUtcNow() < expiry - ExpirySkew;
}
