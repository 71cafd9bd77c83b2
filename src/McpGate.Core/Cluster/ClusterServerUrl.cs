using System.Globalization;

namespace McpGate.Core.Cluster;

/// <summary>
/// One spelling per API server URL, so that two kubeconfigs naming the same server agree: scheme and
/// host lowercased, the port always explicit, no user info, query or fragment, no trailing slash.
/// </summary>
public static class ClusterServerUrl
{
    /// <summary>The normal form of <paramref name="server"/>.</summary>
    /// <exception cref="FormatException">Not an absolute http or https URL; the message says why.</exception>
    public static string Normalize(string server)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (!Uri.TryCreate(server.Trim(), UriKind.Absolute, out var url))
        {
            throw new FormatException($"server '{Redacted(server)}' is not an absolute URL");
        }

        return Normalize(url);
    }

    /// <inheritdoc cref="Normalize(string)"/>
    public static string Normalize(Uri server)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (!server.IsAbsoluteUri || (server.Scheme != Uri.UriSchemeHttps && server.Scheme != Uri.UriSchemeHttp))
        {
            throw new FormatException($"server '{server.Scheme}://{server.Authority}' must be an http or https URL");
        }

        // Uri already lowercases scheme and host and drops a default port from Authority; Port keeps it.
        var host = server.HostNameType == UriHostNameType.IPv6 ? $"[{server.DnsSafeHost}]" : server.IdnHost.ToLowerInvariant();
        var path = server.AbsolutePath.TrimEnd('/');
        return string.Create(CultureInfo.InvariantCulture, $"{server.Scheme}://{host}:{server.Port}{path}");
    }

    private static string Redacted(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        return at > scheme && scheme >= 0 ? text[..(scheme + 3)] + "…" + text[at..] : text;
    }
}
