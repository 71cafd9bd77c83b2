using System.Text.Json.Nodes;
using McpGate.Core.Manifests;
using McpGate.Core.Notifications;
using McpGate.Core.Policy;

namespace McpGate.Cli.Commands;

/// <summary>The result of <c>policy check</c>: the loaded policy, or every error; and what looks wrong beside the tools.</summary>
internal sealed record PolicyCheck
{
    public required string Directory { get; init; }

    public PolicySet? Policy { get; init; }

    public IReadOnlyList<string> Errors { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public bool Valid => Policy is not null;

    /// <summary>The notifiers of <c>notifiers.yaml</c>; none when the directory has no such file.</summary>
    public IReadOnlyList<NotifierDefinition> Notifiers { get; init; } = [];

    public static PolicyCheck Run(string directory, IReadOnlyList<ToolManifest> tools)
    {
        var errors = new List<string>();
        PolicySet? loaded = null;
        IReadOnlyList<NotifierDefinition> notifiers = [];
        try
        {
            loaded = PolicySet.LoadDirectory(directory);
        }
        catch (PolicyValidationException ex)
        {
            errors.AddRange(ex.Errors.Count > 0 ? ex.Errors : [ex.Message]);
        }

        try
        {
            notifiers = NotifierFile.LoadDirectory(directory);
        }
        catch (PolicyValidationException ex)
        {
            errors.AddRange(ex.Errors.Count > 0 ? ex.Errors : [ex.Message]);
        }

        if (errors.Count > 0 || loaded is not { } policy)
        {
            return new PolicyCheck { Directory = directory, Errors = errors };
        }

        var warnings = new List<string>(policy.Warnings);
        foreach (var notifier in notifiers.Where(n => n.Kind == NotifierKind.Webhook))
        {
            try
            {
                NotifierSecret.Read(notifier, Environment.GetEnvironmentVariable);
            }
            catch (InvalidDataException ex)
            {
                warnings.Add($"{ex.Message} (checked here; the gate that executes reads it when it starts, and refuses to start without it)");
            }
        }

        var known = tools.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var rule in policy.Rules)
        {
            foreach (var tool in rule.Tools.Where(t => t != "*" && !known.Contains(t)))
            {
                warnings.Add($"{rule.SourcePath}: rule {rule.Name} names tool {tool}, which no loaded manifest defines (known: {string.Join(", ", known.Order(StringComparer.Ordinal))})");
            }
        }

        foreach (var tool in tools.Where(t => t.Access == ToolAccess.Write))
        {
            if (!policy.Rules.Any(r => r.Effect == PolicyEffect.Allow && r.Tools.Any(t => t == "*" || t == tool.Name)))
            {
                warnings.Add($"write tool {tool.Name} has no allow rule: every call will be denied (default deny)");
            }
        }

        if (policy.Approvers.Count == 0 && policy.Rules.Any(r => r.Effect == PolicyEffect.Allow))
        {
            warnings.Add("no approvers: writes can be proposed but never approved; add one with the line 'mcpgate keys generate --identity NAME --out FILE' prints");
        }

        return new PolicyCheck { Directory = directory, Policy = policy, Warnings = warnings, Notifiers = notifiers };
    }

    public JsonObject ToJson() => new()
    {
        ["valid"] = Valid,
        ["directory"] = Directory,
        ["rules"] = Policy?.Rules.Count,
        ["approvers"] = Policy?.Approvers.Count,
        ["freezeWindows"] = Policy?.FreezeWindows.Count,
        ["recordReads"] = Policy?.Audit.RecordReads,
        ["notifiers"] = Policy is null ? null : Notifiers.Count,
        ["errors"] = new JsonArray([.. Errors.Select(e => (JsonNode?)e)]),
        ["warnings"] = new JsonArray([.. Warnings.Select(w => (JsonNode?)w)]),
    };
}
