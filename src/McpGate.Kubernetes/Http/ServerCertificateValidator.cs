using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using McpGate.Core.Text;

namespace McpGate.Kubernetes.Http;

/// <summary>
/// Checks an API server's certificate the way Go's crypto/tls does for kubectl: the name must be in the
/// subject alternative names (never the common name), the certificate must be usable for server
/// authentication, and with a cluster CA the chain must end at a certificate of that bundle, which may
/// be an intermediate. A refusal says why, in the words an operator acts on; what it quotes of the
/// certificate (names, issuer) comes from the server, so it is escaped and cut short.
/// </summary>
internal static class ServerCertificateValidator
{
    private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>Chain statuses that only say the chain does not reach a self-signed root the platform trusts.</summary>
    private const X509ChainStatusFlags AnchorFlags = X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.UntrustedRoot;

    /// <summary>The most of one quoted name, and the most names, a refusal quotes.</summary>
    private const int MaxQuotedLength = 200;
    private const int MaxQuotedNames = 10;

    public static bool Validate(
        X509Certificate? certificate,
        X509Chain? chain,
        SslPolicyErrors errors,
        X509Certificate2Collection? trustedRoots,
        string hostName,
        [NotNullWhen(false)] out string? rejection)
    {
        if (certificate is not X509Certificate2 leaf || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            rejection = "the server presented no certificate";
            return false;
        }

        if (!leaf.MatchesHostname(hostName, allowWildcards: true, allowCommonName: false))
        {
            rejection = NotValidFor(leaf, hostName);
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

        if (trustedRoots is not null)
        {
            policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            policy.CustomTrustStore.AddRange(trustedRoots);
            policy.ExtraStore.AddRange(trustedRoots);
        }

        if (verified.Build(leaf) || (trustedRoots is not null && EndsAtBundleCertificate(verified, trustedRoots)))
        {
            rejection = null;
            return true;
        }

        rejection = WhyNot(verified, leaf, trustedRoots is not null);
        return false;
    }

    /// <summary>
    /// The chain did not reach a self-signed root, but a certificate of the bundle is in it and nothing from
    /// the leaf up to that certificate is wrong (expired, bad signature, wrong usage...): Go trusts that.
    /// The dates are checked here too: a chain that stops short of a root is not checked for them by
    /// OpenSSL, and Go refuses a chain through an expired certificate, the anchor included.
    /// </summary>
    private static bool EndsAtBundleCertificate(X509Chain chain, X509Certificate2Collection trustedRoots)
    {
        if (chain.ChainStatus.Any(s => (s.Status & ~AnchorFlags) != X509ChainStatusFlags.NoError))
        {
            return false;
        }

        foreach (var element in chain.ChainElements)
        {
            if (element.ChainElementStatus.Any(s => (s.Status & ~AnchorFlags) != X509ChainStatusFlags.NoError) || !IsCurrent(element.Certificate))
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

    /// <summary>The first fault of a chain that failed, most specific first.</summary>
    private static string WhyNot(X509Chain chain, X509Certificate2 leaf, bool clusterCa)
    {
        var flags = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        var expired = chain.ChainElements.Select(e => e.Certificate).FirstOrDefault(c => !IsCurrent(c));
        if (flags.HasFlag(X509ChainStatusFlags.NotTimeValid) || expired is not null)
        {
            var outOfDate = expired ?? leaf;
            var which = ReferenceEquals(outOfDate, leaf) || outOfDate.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span)
                ? "it"
                : $"the certificate {Quoted(outOfDate.Subject)} in its chain";
            return $"{which} is valid only from {Utc(outOfDate.NotBefore)} to {Utc(outOfDate.NotAfter)}, not now ({Utc(DateTime.Now)})";
        }

        if (flags.HasFlag(X509ChainStatusFlags.NotValidForUsage))
        {
            return "it is not for server authentication (its extended key usage leaves it out)";
        }

        if (flags.HasFlag(X509ChainStatusFlags.NotSignatureValid))
        {
            return "a signature in its chain does not verify";
        }

        if ((flags & ~AnchorFlags) == X509ChainStatusFlags.NoError)
        {
            var issuer = $"it was issued by {Quoted(leaf.Issuer)}";
            return clusterCa
                ? $"{issuer}, and its chain does not reach the kubeconfig's certificate-authority (signed by unknown authority)"
                : $"{issuer}, and its chain does not reach a CA this machine trusts (signed by unknown authority; the kubeconfig gives no certificate-authority)";
        }

        var details = chain.ChainStatus
            .Where(s => (s.Status & ~AnchorFlags) != X509ChainStatusFlags.NoError)
            .Select(s => s.StatusInformation.Trim().TrimEnd('.'))
            .Where(s => s.Length > 0)
            .Distinct(StringComparer.Ordinal);
        return $"its chain does not verify ({string.Join("; ", details)})";
    }

    private static bool IsCurrent(X509Certificate2 certificate)
    {
        var now = DateTime.Now;
        return certificate.NotBefore <= now && now <= certificate.NotAfter;
    }

    private static string Utc(DateTime local) => local.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>The names a certificate is valid for, as Go lists them; the common name never counts.</summary>
    private static string NotValidFor(X509Certificate2 certificate, string hostName)
    {
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(e => e.EnumerateDnsNames().Concat(e.EnumerateIPAddresses().Select(ip => ip.ToString())))
            .ToList();
        if (names.Count == 0)
        {
            return $"it names no DNS name or IP address in its subject alternative names, so not {hostName} (a name only in the common name does not count)";
        }

        var shown = string.Join(", ", names.Take(MaxQuotedNames).Select(Quoted));
        var more = names.Count > MaxQuotedNames ? $" and {names.Count - MaxQuotedNames} more" : string.Empty;
        return $"it is valid for {shown}{more}, not {hostName}";
    }

    /// <summary>Text from the server's certificate, safe to show: control and invisible characters escaped, long text cut.</summary>
    private static string Quoted(string text)
    {
        var escaped = UntrustedText.Escape(text);
        return escaped.Length <= MaxQuotedLength ? escaped : string.Concat(escaped.AsSpan(0, MaxQuotedLength), "…");
    }
}
