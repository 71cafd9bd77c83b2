namespace McpGate.Kubernetes.Http;

/// <summary>
/// The TLS handshake with the API server failed because McpGate's check refused the server's certificate;
/// the message says why (its names, its issuer, its dates), where .NET's own says only that the
/// connection could not be established. Nothing was sent.
/// </summary>
public sealed class ServerCertificateRejectedException : HttpRequestException
{
    public ServerCertificateRejectedException(string message, Exception innerException)
        : base(HttpRequestError.SecureConnectionError, message, innerException)
    {
    }
}
