namespace McpGate.Kubernetes.Http;

/// <summary>Supplies the bearer token: a fixed one, or the content of a token file, re-read because tokens rotate.</summary>
internal sealed class BearerTokenSource
{
    private readonly string? _token;
    private readonly string? _tokenFile;

    public BearerTokenSource(string? token, string? tokenFile)
    {
        _token = string.IsNullOrEmpty(token) ? null : token;
        _tokenFile = tokenFile;
    }

    public bool HasToken => _token is not null || _tokenFile is not null;

    public async ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_token is not null || _tokenFile is null)
        {
            return _token;
        }

        var text = await File.ReadAllTextAsync(_tokenFile, cancellationToken).ConfigureAwait(false);
        return text.Trim();
    }
}
