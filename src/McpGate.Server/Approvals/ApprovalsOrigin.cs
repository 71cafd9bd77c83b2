using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace McpGate.Server.Approvals;

/// <summary>
/// Which <c>Origin</c> headers the approval API lets through: only its own page's, that is
/// <c>scheme://host:port</c> of this listener, where host is the address it is bound to (or the
/// local address the request reached), <c>localhost</c> on a loopback listener, or a name or
/// address in its TLS certificate, and port is the port the request reached. The comparison is
/// exact, on the origin a browser serializes (lower-case, no path, default port left out), so a
/// look-alike (<c>http://127.0.0.1:7443.evil.example</c>, a trailing slash, <c>null</c>) is
/// foreign. The Host header is never trusted for this: under DNS rebinding it names the
/// attacker's host, and so does the attacker page's origin.
/// </summary>
internal sealed class ApprovalsOrigin
{
    private readonly string _scheme;
    private readonly IReadOnlyList<string> _hosts;

    public ApprovalsOrigin(ApprovalsApiOptions options, X509Certificate2? certificate)
    {
        ArgumentNullException.ThrowIfNull(options);
        _scheme = options.UsesTls ? "https" : "http";
        var hosts = new List<string>();
        var address = options.Endpoint.Address;
        if (!address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any))
        {
            hosts.Add(Show(address));
        }

        if (IPAddress.IsLoopback(address))
        {
            hosts.Add("localhost");
        }

        if (certificate?.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault() is { } names)
        {
            hosts.AddRange(names.EnumerateDnsNames().Select(n => n.ToLowerInvariant()));
            hosts.AddRange(names.EnumerateIPAddresses().Select(Show));
        }

        _hosts = [.. hosts.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>True when <paramref name="origin"/> is this listener's own page, reached at <paramref name="localAddress"/>:<paramref name="localPort"/>.</summary>
    public bool IsOwn(string origin, IPAddress? localAddress, int localPort)
    {
        ArgumentNullException.ThrowIfNull(origin);
        var hosts = localAddress is null ? _hosts : _hosts.Append(Show(localAddress));
        var defaultPort = _scheme == "https" ? 443 : 80;
        foreach (var host in hosts)
        {
            if (string.Equals(origin, $"{_scheme}://{host}:{localPort}", StringComparison.Ordinal)
                || (localPort == defaultPort && string.Equals(origin, $"{_scheme}://{host}", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An address as a browser writes it in an origin: IPv6 in brackets, an IPv4-mapped one as IPv4.</summary>
    private static string Show(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
    }
}
