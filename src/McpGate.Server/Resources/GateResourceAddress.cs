using McpGate.Core.Text;

namespace McpGate.Server.Resources;

/// <summary>
/// A parsed <c>mcpgate://</c> resource URI. Parsing is strict and never decodes: one spelling per
/// resource, so a URI that reads as another (percent-encoded, dot segments, upper-case scheme)
/// is refused rather than resolved, and no part of a URI ever becomes a file path.
/// </summary>
internal readonly record struct GateResourceAddress(GateResourceKind Kind, string Name)
{
    public const string Scheme = "mcpgate://";
    public const int MaxLength = 200;

    /// <summary>The URI forms, for error messages.</summary>
    public const string Forms = "mcpgate://changes/{id}, mcpgate://changes/{id}/proof, mcpgate://changes/{id}/approvals, mcpgate://changes/{id}/timeline, mcpgate://policies/{name} or mcpgate://manifests/{tool}";

    public bool IsChange => Kind is GateResourceKind.Change or GateResourceKind.ChangeProof or GateResourceKind.ChangeApprovals or GateResourceKind.ChangeTimeline;

    public string Uri => Kind switch
    {
        GateResourceKind.Change => ChangeUri(Name),
        GateResourceKind.ChangeProof => ChangeUri(Name) + "/proof",
        GateResourceKind.ChangeApprovals => ChangeUri(Name) + "/approvals",
        GateResourceKind.ChangeTimeline => ChangeUri(Name) + "/timeline",
        GateResourceKind.Policy => PolicyUri(Name),
        _ => ManifestUri(Name),
    };

    public static string ChangeUri(string id) => $"{Scheme}changes/{id}";

    public static string PolicyUri(string name) => $"{Scheme}policies/{name}";

    public static string ManifestUri(string tool) => $"{Scheme}manifests/{tool}";

    /// <summary>The URI as it may be quoted in an error: unsafe characters escaped, length capped.</summary>
    public static string Show(string? uri) => uri is null
        ? "(none)"
        : "'" + UntrustedText.Escape(uri.Length > MaxLength ? uri[..MaxLength] + "..." : uri) + "'";

    /// <summary>
    /// The address <paramref name="uri"/> names, or null with <paramref name="problem"/> saying which rule
    /// it breaks. Whether the change, policy or tool exists is the reader's question, not the parser's.
    /// </summary>
    public static GateResourceAddress? Parse(string? uri, out string problem)
    {
        problem = string.Empty;
        if (string.IsNullOrEmpty(uri))
        {
            problem = "uri: is required";
            return null;
        }

        if (uri.Length > MaxLength)
        {
            problem = $"uri: is longer than {MaxLength} characters";
            return null;
        }

        if (!uri.StartsWith(Scheme, StringComparison.Ordinal))
        {
            problem = $"uri: must start with {Scheme}, spelled exactly (the gate serves no other scheme)";
            return null;
        }

        var path = uri[Scheme.Length..];
        foreach (var c in path)
        {
            if (!IsAllowed(c))
            {
                problem = c switch
                {
                    '%' => "uri: must not be percent-encoded; write each name as it is",
                    '?' or '#' => "uri: takes no query or fragment",
                    _ => $"uri: must use only letters, digits, '-', '_', '.' and '/' (found {UntrustedText.Escape(c.ToString())})",
                };
                return null;
            }
        }

        var segments = path.Split('/');
        if (segments.Any(s => s.Length == 0))
        {
            problem = "uri: has an empty path segment (no leading, trailing or doubled '/')";
            return null;
        }

        if (segments.Any(s => s is "." or ".."))
        {
            problem = "uri: must not contain '.' or '..' segments";
            return null;
        }

        switch (segments)
        {
            case ["changes", var id, .. var rest] when rest.Length <= 1:
                if (!Core.Changes.ChangeId.TryParse(id, out _))
                {
                    problem = "uri: the change id must be like chg-abcdefgh2345 (chg- and 12 of a-z, 2-7), as a write tool returned it";
                    return null;
                }

                GateResourceKind? kind = rest switch
                {
                    [] => GateResourceKind.Change,
                    ["proof"] => GateResourceKind.ChangeProof,
                    ["approvals"] => GateResourceKind.ChangeApprovals,
                    ["timeline"] => GateResourceKind.ChangeTimeline,
                    _ => null,
                };
                if (kind is null)
                {
                    problem = "uri: after the change id comes nothing, /proof, /approvals or /timeline";
                    return null;
                }

                return new GateResourceAddress(kind.Value, id);
            case ["policies", var name]:
                return new GateResourceAddress(GateResourceKind.Policy, name);
            case ["manifests", var tool]:
                return new GateResourceAddress(GateResourceKind.Manifest, tool);
            default:
                problem = $"uri: names no kind of resource the gate serves (it serves {Forms})";
                return null;
        }
    }

    private static bool IsAllowed(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.' or '/';
}
