namespace McpGate.Core.Policy;

/// <summary>Parses policy files and merges them, checking what spans files: unique names, known groups, reachable quorums.</summary>
internal static class PolicySetBuilder
{
    public static PolicySet Build(IReadOnlyList<(string Path, string Text)> files)
    {
        var errors = new List<string>();
        var parsed = files.Select(f => PolicyParser.Parse(f.Path, f.Text, errors)).ToList();

        var approvers = Unique(parsed.SelectMany(p => p.Approvers), a => a.Identity, "approver", errors);
        var rules = Unique(parsed.SelectMany(p => p.Rules), r => r.Name, "rule", errors);
        var windows = Unique(parsed.SelectMany(p => p.FreezeWindows), w => w.Name, "freeze window", errors);

        var expiries = parsed.Select(p => p.ApprovalExpiry).OfType<Located<TimeSpan>>().ToList();
        foreach (var extra in expiries.Skip(1))
        {
            errors.Add($"{extra.Where}: is already set at {expiries[0].Location}");
        }

        // With no approver configured yet nothing can be approved: say so, but let the server start.
        var warnings = new List<string>();
        var problems = approvers.Count == 0 ? warnings : errors;
        var knownGroups = approvers.SelectMany(a => a.Groups).ToHashSet(StringComparer.Ordinal);
        foreach (var reference in parsed.SelectMany(p => p.GroupReferences).Where(g => !knownGroups.Contains(g.Value)))
        {
            problems.Add(approvers.Count == 0
                ? $"{reference.Where}: group {reference.Value} has no approvers yet; add approvers with their public keys"
                : $"{reference.Where}: group {reference.Value} has no approvers (known groups: {string.Join(", ", knownGroups.Order(StringComparer.Ordinal))})");
        }

        foreach (var rule in parsed.SelectMany(p => p.Rules))
        {
            if (rule.Value.Approval is { } approval
                && approval.Groups.All(knownGroups.Contains)
                && approvers.Count(a => PolicyEvaluator.CanApprove(a, approval)) is var eligible
                && eligible < approval.Count)
            {
                problems.Add($"{rule.Where}: rule {rule.Value.Name} needs {approval.Count} approvals but only {eligible} approver(s) can give one");
            }
        }

        if (errors.Count > 0)
        {
            throw new PolicyValidationException(errors);
        }

        return new PolicySet
        {
            Approvers = approvers,
            Rules = rules,
            FreezeWindows = windows,
            DefaultApprovalExpiry = expiries.Count > 0 ? expiries[0].Value : PolicySet.FallbackApprovalExpiry,
            Warnings = warnings,
        };
    }

    private static List<T> Unique<T>(IEnumerable<Located<T>> items, Func<T, string> key, string what, List<string> errors)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var result = new List<T>();
        foreach (var item in items)
        {
            if (seen.TryGetValue(key(item.Value), out var first))
            {
                errors.Add($"{item.Where}: {what} {key(item.Value)} is already defined at {first}");
                continue;
            }

            seen[key(item.Value)] = item.Location;
            result.Add(item.Value);
        }

        return result;
    }
}
