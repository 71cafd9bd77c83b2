using System.Text.RegularExpressions;

namespace McpGate.Sandbox.Objects;

/// <summary>Kubernetes name rules (RFC 1123 labels and subdomains).</summary>
internal static partial class ObjectNames
{
    public const string LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";

    public const string SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

    public static bool IsDnsLabel(string name) => name.Length <= 63 && LabelPattern().IsMatch(name);

    public static bool IsDnsSubdomain(string name) => name.Length <= 253 && SubdomainPattern().IsMatch(name);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelPattern();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SubdomainPattern();
}
