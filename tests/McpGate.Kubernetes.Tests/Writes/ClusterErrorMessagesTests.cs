using System.Net.Sockets;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Http;

namespace McpGate.Kubernetes.Tests.Writes;

/// <summary>
/// Connection failures read as what happened: .NET's "see inner exception" is replaced by the inner
/// exceptions' own words, a TLS failure is not called unreachable, and a refused certificate says why.
/// </summary>
public sealed class ClusterErrorMessagesTests
{
    private static readonly ResourceRef s_web = new() { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "demo", Name = "web" };

    [Fact]
    public void Translate_TlsFailure_GivesTheInnerReason_AndDoesNotCallTheServerUnreachable()
    {
        var failure = new HttpRequestException(
            HttpRequestError.SecureConnectionError,
            "The SSL connection could not be established, see inner exception.",
            new IOException("Received an unexpected EOF or 0 bytes from the transport stream."));

        var error = ClusterErrorTranslator.Translate(failure, "get", s_web, "prod");

        error.Kind.Should().Be(ClusterErrorKind.Unavailable);
        error.Message.Should().Be(
            "get deployments demo/web on cluster 'prod' failed: the TLS connection to the API server failed (The SSL connection could not be established: " +
            "Received an unexpected EOF or 0 bytes from the transport stream); check the server address and that it serves HTTPS");
    }

    [Fact]
    public void Translate_RefusedConnection_SaysItOnce()
    {
        var failure = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:1)", new SocketException((int)SocketError.ConnectionRefused));

        var error = ClusterErrorTranslator.Translate(failure, "get", s_web, "prod");

        error.Message.Should().Be("get deployments demo/web on cluster 'prod' failed: the API server could not be reached (Connection refused (127.0.0.1:1)); check the server address and network");
    }

    [Fact]
    public void Causes_DropsDotNetsPointersToInnerExceptions_AndMessagesLeftEmpty()
    {
        var failure = new InvalidOperationException(
            "See the inner exception for details.",
            new HttpRequestException("An error occurred while sending the request. See the inner exception for details.", new IOException("Connection reset by peer")));

        ClusterErrorTranslator.Causes(failure).Should().Be("An error occurred while sending the request: Connection reset by peer");
    }

    [Fact]
    public void Causes_OfARejectedCertificate_IsItsReasonAlone()
    {
        var failure = new ServerCertificateRejectedException(
            "the certificate of cluster 'prod' (https://10.0.0.1:6443) was not accepted: it is valid for kube.test, not 10.0.0.1",
            new HttpRequestException("The SSL connection could not be established, see inner exception.", new IOException("The remote certificate was rejected")));

        ClusterErrorTranslator.Causes(new InvalidOperationException("Listing failed", failure))
            .Should().Be("Listing failed: the certificate of cluster 'prod' (https://10.0.0.1:6443) was not accepted: it is valid for kube.test, not 10.0.0.1");
    }

    [Fact]
    public void Translate_RejectedCertificate_GivesTheCheckReason_NotDotNetsWrapper()
    {
        var handshake = new HttpRequestException(
            HttpRequestError.SecureConnectionError,
            "The SSL connection could not be established, see inner exception.",
            new System.Security.Authentication.AuthenticationException("The remote certificate was rejected by the provided RemoteCertificateValidationCallback."));
        var failure = new ServerCertificateRejectedException("the certificate of cluster 'prod' (https://10.0.0.1:6443) was not accepted: it is valid for kube.test, not 10.0.0.1", handshake);

        var error = ClusterErrorTranslator.Translate(failure, "get", s_web, "prod");

        error.Kind.Should().Be(ClusterErrorKind.Unavailable);
        error.Message.Should().Be(
            "get deployments demo/web on cluster 'prod' failed: the certificate of cluster 'prod' (https://10.0.0.1:6443) was not accepted: it is valid for kube.test, not 10.0.0.1; " +
            "check the server address, certificate-authority and tls-server-name in the kubeconfig");
    }
}
