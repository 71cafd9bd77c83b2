namespace McpGate.Core.Policy;

/// <summary>Parses policy files and merges them, checking what spans files: unique names, known groups, reachable quorums.</summary>
internal static class PolicySetBuilder
{
    public static PolicySet Build(IReadOnlyList<(string Path, string Text)> files)
    {
        var errors = new List<string>();
        var parsed = files.Select(f => PolicyParser.Parse(f.Path, f.Text, errors)).ToList();

        // Identities are canonical by now, so "Alice" and "alice" collide here.
        var approvers = Unique(parsed.SelectMany(p => p.Approvers), a => a.Identity, "approver", errors,
            " (identities are compared in canonical form, ignoring case: list each person once)");
        RequireDistinctKeys(parsed.SelectMany(p => p.Approvers.Zip(p.ApproverKeys)), errors);
        var rules = Unique(parsed.SelectMany(p => p.Rules), r => r.Name, "rule", errors);
        var windows = Unique(parsed.SelectMany(p => p.FreezeWindows), w => w.Name, "freeze window", errors);

        var expiries = parsed.Select(p => p.ApprovalExpiry).OfType<Located<TimeSpan>>().ToList();
        foreach (var extra in expiries.Skip(1))
        {
            errors.Add($"{extra.Where}: is already set at {expiries[0].Location}");
        }

        var scopes = parsed.Select(p => p.ReadScope).OfType<Located<ReadScope>>().ToList();
        foreach (var extra in scopes.Skip(1))
        {
            errors.Add($"{extra.Where}: is already set at {scopes[0].Location}; write the read scope once");
        }

        var audits = parsed.Select(p => p.Audit).OfType<Located<AuditSettings>>().ToList();
        foreach (var extra in audits.Skip(1))
        {
            errors.Add($"{extra.Where}: is already set at {audits[0].Location}; write the audit settings once");
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
            ReadScope = scopes.Count > 0 ? scopes[0].Value : ReadScope.Unrestricted,
            Audit = audits.Count > 0 ? audits[0].Value : AuditSettings.Default,
            Sources = [.. files.Select(f => new PolicySource(PolicySource.NameOf(f.Path), f.Text))],
        };
    }

    /// <summary>One public key under two identities would let one person count twice toward a quorum.</summary>
    private static void RequireDistinctKeys(IEnumerable<(Located<Approver> Approver, Located<string> Key)> entries, List<string> errors)
    {
        var seen = new Dictionary<string, (string Identity, string Location)>(StringComparer.Ordinal);
        foreach (var (approver, key) in entries)
        {
            // Compare the decoded bytes: base64 has more than one spelling of the same 32 bytes.
            var bytes = Convert.ToHexString(Convert.FromBase64String(key.Value[PolicyParser.KeyPrefix.Length..]));
            if (seen.TryGetValue(bytes, out var first))
            {
                errors.Add($"{key.Where}: approver {approver.Value.Identity} uses the same public key as approver {first.Identity} at {first.Location}; one key belongs to one identity, so each approver needs a key of their own");
                continue;
            }

            seen[bytes] = (approver.Value.Identity, key.Location);
        }
    }

    private static List<T> Unique<T>(IEnumerable<Located<T>> items, Func<T, string> key, string what, List<string> errors, string hint = "")
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var result = new List<T>();
        foreach (var item in items)
        {
            if (seen.TryGetValue(key(item.Value), out var first))
            {
                errors.Add($"{item.Where}: {what} {key(item.Value)} is already defined at {first}{hint}");
                continue;
            }

            seen[key(item.Value)] = item.Location;
            result.Add(item.Value);
        }

        return result;
    }
}
