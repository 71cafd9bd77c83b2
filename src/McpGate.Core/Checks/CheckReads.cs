namespace McpGate.Core.Checks;

/// <summary>
/// What the picked checks read from the cluster besides the target itself, as (group, resource,
/// verb) in the target's namespace, so the permissions a gate needs can be derived from its
/// manifests. A missing permission does not stop a proposal: the check records warn.
/// </summary>
public static class CheckReads
{
    private static readonly Dictionary<string, (string Group, string Resource, string Verb)[]> s_reads = new(StringComparer.Ordinal)
    {
        [ImagePinnedCheck.CheckName] = [],
        [GitOpsManagedCheck.CheckName] = [],
        [BlastRadiusCheck.CheckName] = [(string.Empty, "pods", "list")],
        [PdbAllowsCheck.CheckName] = [("policy", "poddisruptionbudgets", "list")],
        [PreviousRevisionCheck.CheckName] = [("apps", "replicasets", "list"), ("apps", "controllerrevisions", "list")],
        [TargetHealthyCheck.CheckName] = [(string.Empty, "pods", "list")],
    };

    /// <summary>The reads of one check; empty for a check that looks only at the target and the dry run.</summary>
    /// <exception cref="ArgumentException">Not a check of the library.</exception>
    public static IReadOnlyList<(string Group, string Resource, string Verb)> Of(string checkName) =>
        s_reads.TryGetValue(checkName, out var reads) ? reads : throw new ArgumentException($"{checkName} is not a check of the library.", nameof(checkName));
}
