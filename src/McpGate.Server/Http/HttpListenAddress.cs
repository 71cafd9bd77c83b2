using System.Globalization;
using System.Net;

namespace McpGate.Server.Http;

/// <summary>The address of <c>serve --http</c>: <c>HOST:PORT</c>, with an IP address or <c>localhost</c>; port 0 picks a free one.</summary>
public static class HttpListenAddress
{
    /// <exception cref="FormatException">The text is not <c>HOST:PORT</c>; the message says what is expected.</exception>
    public static IPEndPoint Parse(string? text) => Parse(text, "--http");

    /// <inheritdoc cref="Parse(string?)"/>
    /// <param name="option">The option the text came from, named in the error.</param>
    public static IPEndPoint Parse(string? text, string option)
    {
        const string Expected = "must be HOST:PORT with an IP address or localhost, e.g. 127.0.0.1:8080 or [::1]:0 (port 0 picks a free port)";
        var colon = text?.LastIndexOf(':') ?? -1;
        if (text is null || colon <= 0
            || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > IPEndPoint.MaxPort)
        {
            throw new FormatException($"{option} {Show(text)}: {Expected}");
        }

        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            throw new FormatException($"{option} {Show(text)}: an IPv6 address goes in brackets, e.g. [::1]:8080");
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        // Only the canonical spellings: 127.1, 0x7f.0.0.1 or 2130706433 would also parse as loopback.
        return IPAddress.TryParse(host, out var address) && host.All(c => char.IsAsciiHexDigit(c) || c is '.' or ':')
            && (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || host.Count(c => c == '.') == 3)
            ? new IPEndPoint(address, port)
            : throw new FormatException($"{option} {Show(text)}: {Expected}");
    }

    /// <summary>
    /// Why the options may not be used, naming the option to add, or null. A non-loopback address carries
    /// bearer tokens over the network: it needs TLS, or the operator's explicit --allow-insecure-remote
    /// (e.g. behind a TLS-terminating proxy on the same host network).
    /// </summary>
    public static string? Refusal(GateHttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if ((options.TlsCertificatePath is null) != (options.TlsKeyPath is null))
        {
            return "--tls-cert and --tls-key go together: give both (PEM certificate and PEM private key), or neither";
        }

        if (!IPAddress.IsLoopback(options.Endpoint.Address) && !options.UsesTls && !options.AllowInsecureRemote)
        {
            return $"--http {Show(options.Endpoint)}: {options.Endpoint.Address} is not a loopback address, and bearer tokens would cross the network in clear: "
                + "add --tls-cert FILE --tls-key FILE for HTTPS, or --allow-insecure-remote if a TLS proxy in front of the gate protects them";
        }

        return null;
    }

    /// <summary>The URL clients use: http(s)://HOST:PORT/mcp with the port actually bound.</summary>
    public static Uri McpUrl(IPEndPoint bound, bool tls) =>
        new($"{(tls ? "https" : "http")}://{Show(bound)}/mcp");

    internal static string Show(IPEndPoint endpoint) =>
        endpoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{endpoint.Address}]:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}"
            : $"{endpoint.Address}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}";

    private static string Show(string? text) => McpGate.Core.Policy.Identities.Show(text);
}
