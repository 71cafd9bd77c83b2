using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace McpGate.Kubernetes.Http;

/// <summary>
/// Checks an API server's certificate the way Go's crypto/tls does for kubectl: the name must be in the
/// subject alternative names (never the common name), the certificate must be usable for server
/// authentication, and with a cluster CA the chain must end at a certificate of that bundle, which may
/// be an intermediate.
/// </summary>
internal static class ServerCertificateValidator
{
    private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>Chain statuses that only say the chain does not reach a self-signed root the platform trusts.</summary>
    private const X509ChainStatusFlags AnchorFlags = X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.UntrustedRoot;

    public static bool Validate(
        X509Certificate? certificate,
        X509Chain? chain,
        SslPolicyErrors errors,
        X509Certificate2Collection? trustedRoots,
        string hostName)
    {
        if (certificate is not X509Certificate2 leaf || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        if (!leaf.MatchesHostname(hostName, allowWildcards: true, allowCommonName: false))
        {
            return false;
        }

        using var verified = new X509Chain();
        var policy = verified.ChainPolicy;
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.ApplicationPolicy.Add(new Oid(ServerAuthenticationOid));
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                policy.ExtraStore.Add(element.Certificate);
            }
        }

        if (trustedRoots is null)
        {
            return verified.Build(leaf);
        }

        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(trustedRoots);
        policy.ExtraStore.AddRange(trustedRoots);
        return verified.Build(leaf) || EndsAtBundleCertificate(verified, trustedRoots);
    }

    /// <summary>
    /// The chain did not reach a self-signed root, but a certificate of the bundle is in it and nothing from
    /// the leaf up to that certificate is wrong (expired, bad signature, wrong usage...): Go trusts that.
    /// </summary>
    private static bool EndsAtBundleCertificate(X509Chain chain, X509Certificate2Collection trustedRoots)
    {
        if (chain.ChainStatus.Any(s => (s.Status & ~AnchorFlags) != X509ChainStatusFlags.NoError))
        {
            return false;
        }

        foreach (var element in chain.ChainElements)
        {
            if (element.ChainElementStatus.Any(s => (s.Status & ~AnchorFlags) != X509ChainStatusFlags.NoError))
            {
                return false;
            }

            if (trustedRoots.Any(root => root.RawDataMemory.Span.SequenceEqual(element.Certificate.RawDataMemory.Span)))
            {
                return true;
            }
        }

        return false;
    }
}
