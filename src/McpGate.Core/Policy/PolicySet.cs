namespace McpGate.Core.Policy;

/// <summary>Every policy file in a directory, merged and validated.</summary>
public sealed record PolicySet
{
    /// <summary>Used when no file sets <c>defaults.approvalExpiry</c>.</summary>
    public static readonly TimeSpan FallbackApprovalExpiry = TimeSpan.FromHours(1);

    /// <summary>Rules in file-name order, then document order.</summary>
    public required IReadOnlyList<PolicyRule> Rules { get; init; }

    public required IReadOnlyList<FreezeWindow> FreezeWindows { get; init; }

    public required IReadOnlyList<Approver> Approvers { get; init; }

    public required TimeSpan DefaultApprovalExpiry { get; init; }

    /// <summary>Problems that do not stop loading, e.g. a rule that nobody can approve yet because no approver is configured.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>What the agent may read (<c>readScope</c>); <see cref="ReadScope.Unrestricted"/> when no file sets one.</summary>
    public ReadScope ReadScope { get; init; } = ReadScope.Unrestricted;

    /// <summary>What is recorded beyond the ledger's entries (<c>audit</c>); <see cref="AuditSettings.Default"/> when no file sets it.</summary>
    public AuditSettings Audit { get; init; } = AuditSettings.Default;

    /// <summary>The text of each file this set was built from, in file-name order (never <c>tokens.yaml</c> or <c>notifiers.yaml</c>, which are not policies).</summary>
    public IReadOnlyList<PolicySource> Sources { get; init; } = [];

    /// <summary>
    /// Every <c>*.yaml</c> and <c>*.yml</c> file but <c>tokens.yaml</c>, the agents' bearer tokens (<see cref="Tokens.AgentTokenFile"/>),
    /// and <c>notifiers.yaml</c>, who is notified (<see cref="Notifications.NotifierFile"/>).
    /// </summary>
    /// <exception cref="PolicyValidationException">Lists every error in every file.</exception>
    public static PolicySet LoadDirectory(string dir)
    {
        ArgumentException.ThrowIfNullOrEmpty(dir);
        if (!Directory.Exists(dir))
        {
            throw new PolicyValidationException([$"{dir}: policy directory not found"]);
        }

        var files = Directory.EnumerateFiles(dir)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Where(f => !string.Equals(Path.GetFileName(f), Tokens.AgentTokenFile.FileName, StringComparison.Ordinal))
            .Where(f => !string.Equals(Path.GetFileName(f), Notifications.NotifierFile.FileName, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path: f, Text: File.ReadAllText(f)))
            .ToList();
        return PolicySetBuilder.Build(files);
    }
}
