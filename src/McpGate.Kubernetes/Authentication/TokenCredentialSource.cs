
namespace McpGate.Kubernetes.Authentication;

/// <summary>
/// A fixed token, or a token file re-read at most every <see cref="ReReadInterval"/> (and after a 401)
/// because projected service-account tokens rotate. No token at all is valid too (client certificate only).
/// </summary>
internal sealed class TokenCredentialSource : ICredentialSource
{
    public static readonly TimeSpan ReReadInterval = TimeSpan.FromMinutes(1);

    private readonly string? _tokenFile;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private KubeCredential _current;
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    public TokenCredentialSource(string? token, string? tokenFile, TimeProvider timeProvider)
    {
        _tokenFile = string.IsNullOrEmpty(token) ? tokenFile : null;
        _time = timeProvider;
        _current = string.IsNullOrEmpty(token) ? KubeCredential.None : new KubeCredential { Token = token };
    }

    public bool CanRefresh => _tokenFile is not null;

    public ValueTask<KubeCredential> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_tokenFile is null)
        {
            return ValueTask.FromResult(_current);
        }

        lock (_gate)
        {
            if (_time.GetUtcNow() - _readAt < ReReadInterval)
            {
                return ValueTask.FromResult(_current);
            }
        }

        return ReadAsync(cancellationToken);
    }

    public ValueTask<KubeCredential> RefreshAsync(KubeCredential rejected, CancellationToken cancellationToken = default) =>
        _tokenFile is null ? ValueTask.FromResult(_current) : ReadAsync(cancellationToken);

    private async ValueTask<KubeCredential> ReadAsync(CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(_tokenFile!, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KubeAuthenticationException($"the token file '{_tokenFile}' cannot be read: {ex.Message}", ex);
        }

        var credential = new KubeCredential { Token = text.Trim() };
        lock (_gate)
        {
            _current = credential;
            _readAt = _time.GetUtcNow();
        }

        return credential;
    }
}
