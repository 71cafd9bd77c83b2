using System.CommandLine;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Manifests;
using McpGate.Core.Policy;
using McpGate.Kubernetes.Probes;

namespace McpGate.Cli.Commands;

/// <summary>
/// <c>mcpgate policy check</c> and <c>mcpgate policy explain</c>: validate a policy, and say
/// what it decides for a call, without a cluster or a running gate.
/// </summary>
internal static partial class PolicyCommand
{
    public static Command Create() => new("policy", "Validate the policy and explain its decisions, without a cluster.")
    {
        CreateCheck(),
        CreateExplain(),
    };

    private static Command CreateCheck()
    {
        var directory = new Argument<string?>("DIR")
        {
            Description = "Policy directory. Default: --policies resolution ($MCPGATE_POLICIES, ./policies, the shipped copy).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var manifests = CommonOptions.Manifests();
        var json = CommonOptions.Json();
        var check = new Command("check", "Load every policy file and report every error with file:line:column, or a summary when it is valid. Also warns about rules that name tools no manifest defines and write tools no rule allows. Exit 1 when the policy is invalid.")
        {
            directory, manifests, json,
        };
        check.SetAction((parse, cancellationToken) => CliAction.RunAsync(() =>
        {
            var path = CliPaths.Policies(parse.GetValue(directory));
            var tools = LoadTools(CliPaths.Manifests(parse.GetValue(manifests)));
            var result = PolicyCheck.Run(path, tools);
            if (parse.GetValue(json))
            {
                Terminal.Out.Json(result.ToJson());
            }
            else
            {
                PrintCheck(result);
            }

            return Task.FromResult(result.Valid ? ExitCodes.Success : ExitCodes.CheckFailed);
        }));
        return check;
    }

    private static void PrintCheck(PolicyCheck result)
    {
        if (result.Policy is { } policy)
        {
            Terminal.Out.Markup($"[green]policy OK[/]: {Count(policy.Rules.Count, "rule")}, {Count(policy.Approvers.Count, "approver")}, {Count(policy.FreezeWindows.Count, "freeze window")} ({result.Directory})");
            Terminal.Out.Line($"reads recorded: {(policy.Audit.RecordReads ? "yes" : $"no (audit.recordReads: false at {policy.Audit.Location})")}");
            Terminal.Out.Line($"notifiers: {(result.Notifiers.Count == 0 ? "none" : string.Join(", ", result.Notifiers.Select(n => n.Name)))}");
        }
        else
        {
            Terminal.Out.Markup($"[red bold]policy invalid[/]: {Count(result.Errors.Count, "error")} in {result.Directory}");
            foreach (var error in result.Errors)
            {
                Terminal.Out.Line($"  {error}");
            }
        }

        foreach (var warning in result.Warnings)
        {
            Terminal.Out.Markup($"[yellow bold]WARNING:[/] {warning}");
        }
    }

    /// <summary>The tool manifests, so that policy names can be checked against them; input error when they do not load.</summary>
    private static IReadOnlyList<ToolManifest> LoadTools(string directory)
    {
        try
        {
            // The same check as the gate's start: a verify.expect must name a registered probe.
            var set = ManifestLoader.LoadDirectory(directory);
            var unknown = VerifyProbeNames.Check(set, KubernetesStateProbes.Names);
            return unknown.Count == 0 ? set.Tools : throw new ManifestValidationException(unknown);
        }
        catch (ManifestValidationException ex)
        {
            throw new CliInputException($"tool manifests {directory}: {ex.Message}");
        }
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
