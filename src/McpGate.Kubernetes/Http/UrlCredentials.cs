using System.Text.RegularExpressions;

namespace McpGate.Kubernetes.Http;

/// <summary>Removes <c>user:password@</c> from URLs in text we surface (exception messages, tool results, logs).</summary>
internal static partial class UrlCredentials
{
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return UserInfo().Replace(text, "${scheme}");
    }

    /// <summary>The URL without its user info.</summary>
    public static Uri WithoutUserInfo(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.UserInfo.Length == 0 ? url : new UriBuilder(url) { UserName = string.Empty, Password = string.Empty }.Uri;
    }

    [GeneratedRegex(@"(?<scheme>\b[a-zA-Z][a-zA-Z0-9+.\-]*://)[^/?#@\s]*@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();
}
