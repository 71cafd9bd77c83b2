using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Json;
using McpGate.Core.Manifests;
using McpGate.Core.Policy;
using McpGate.Server.Hosting;

namespace McpGate.Cli.Commands;

internal static partial class PolicyCommand
{
    private static Command CreateExplain()
    {
        var tool = new Option<string>("--tool") { Description = "Tool name, as the agent would call it.", Required = true };
        var args = new Option<string>("--args") { Description = "The call's arguments as a JSON object, e.g. '{\"namespace\":\"demo\",\"name\":\"web\",\"replicas\":3,\"reason\":\"load\"}'.", DefaultValueFactory = _ => "{}" };
        var requester = new Option<string>("--as") { Description = "The requester (the agent name serve records).", DefaultValueFactory = _ => GateServerOptions.DefaultAgent };
        var at = new Option<string?>("--at") { Description = "When the call is made, ISO 8601 with an offset (2026-12-24T18:00:00+01:00). Default: now." };
        var cluster = new Option<string>("--cluster") { Description = "Kubeconfig context name rules match (serve --sandbox uses 'sandbox').", DefaultValueFactory = _ => "sandbox" };
        var policies = CommonOptions.Policies();
        var manifests = CommonOptions.Manifests();
        var json = CommonOptions.Json();
        var explain = new Command("explain", "Say which rule decides a tool call, which freeze windows cover it at that time, which constraints pass, and who could approve it. Needs no cluster. Exit 1 when the call would be denied.")
        {
            tool, args, requester, at, cluster, policies, manifests, json,
        };
        explain.SetAction((parse, cancellationToken) => CliAction.RunAsync(() =>
        {
            var policy = PolicySet.LoadDirectory(CliPaths.Policies(parse.GetValue(policies)));
            var manifest = FindTool(LoadTools(CliPaths.Manifests(parse.GetValue(manifests))), parse.GetValue(tool)!);
            var bound = Bind(manifest, parse.GetValue(args)!);
            var time = ParseTime(parse.GetValue(at));
            var request = new PolicyRequest
            {
                Tool = manifest.Name,
                Access = manifest.Access,
                Namespace = OperationResolver.Resolve(manifest, bound).Target.Namespace,
                Cluster = parse.GetValue(cluster)!,
                Requester = parse.GetValue(requester)!,
                Arguments = bound.Values,
                Time = time,
            };
            var explanation = PolicyExplanation.Of(policy, request);
            if (parse.GetValue(json))
            {
                Terminal.Out.Json(explanation.ToJson());
            }
            else
            {
                PrintExplanation(explanation);
            }

            return Task.FromResult(explanation.Decision.Allowed ? ExitCodes.Success : ExitCodes.CheckFailed);
        }));
        return explain;
    }

    private static ToolManifest FindTool(IReadOnlyList<ToolManifest> tools, string name) =>
        tools.FirstOrDefault(t => t.Name == name)
        ?? throw new CliInputException($"--tool {name}: no such tool (known: {string.Join(", ", tools.Select(t => t.Name).Order(StringComparer.Ordinal))})");

    private static BoundArguments Bind(ToolManifest manifest, string json)
    {
        Dictionary<string, JsonElement>? arguments;
        try
        {
            arguments = JsonSerializer.Deserialize(json, NodeJsonContext.Default.DictionaryStringJsonElement);
        }
        catch (JsonException ex)
        {
            throw new CliInputException($"--args: must be a JSON object of the tool's arguments ({ex.Message})");
        }

        try
        {
            return ArgumentBinder.Bind(manifest, arguments ?? throw new CliInputException("--args: must be a JSON object, not null"));
        }
        catch (ArgumentValidationException ex)
        {
            throw new CliInputException($"--args: {ex.Message}");
        }
    }

    private static DateTimeOffset ParseTime(string? text)
    {
        if (text is null)
        {
            return DateTimeOffset.UtcNow;
        }

        // An explicit offset: a freeze window's answer must not depend on the machine's time zone.
        return ExplicitTime().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
            ? time
            : throw new CliInputException($"--at {text}: must be an ISO 8601 time with an offset, e.g. 2026-12-24T18:00:00+01:00 or 2026-12-24T17:00:00Z");
    }

    private static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? $"{span.TotalHours:0}h"
        : span.TotalMinutes >= 1 && span.TotalMinutes == Math.Floor(span.TotalMinutes) ? $"{span.TotalMinutes:0}m"
        : $"{span.TotalSeconds:0.###}s";

    [GeneratedRegex(@"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})\z")]
    private static partial Regex ExplicitTime();

    private static void PrintExplanation(PolicyExplanation e)
    {
        var decision = e.Decision;
        var request = e.Request;
        Terminal.Out.Write(TerminalTable.Grid()
            .AddField("tool", $"{request.Tool} ({(request.Access == ToolAccess.Write ? "write" : "read")})")
            .AddField("namespace", request.Namespace ?? "(cluster-scoped)")
            .AddField("cluster", request.Cluster)
            .AddField("requester", request.Requester)
            .AddField("at", request.Time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture))
            .AddField("decision", decision.Allowed
                ? TerminalCell.Styled("green", $"allowed ({decision.DecisionReason.ToWire()})")
                : TerminalCell.Styled("red", $"denied ({decision.DecisionReason.ToWire()})"))
            .AddField("rule", e.RuleSource is { } source ? $"{decision.RuleName} ({source})" : decision.RuleName)
            .AddField("reason", decision.Reason));

        if (request.Access == ToolAccess.Read)
        {
            return;
        }

        Terminal.Out.Line($"freeze windows at that time:");
        if (e.CoveringWindows.Count == 0)
        {
            Terminal.Out.Line($"  none covers it");
        }

        foreach (var window in e.CoveringWindows)
        {
            Terminal.Out.Line($"  {window.Name}: {window.Describe()}");
        }

        if (decision.Constraints.Count > 0)
        {
            Terminal.Out.Line($"constraints:");
            foreach (var check in decision.Constraints)
            {
                if (check.Passed)
                {
                    Terminal.Out.Markup($"  [green]pass[/] {check.Detail}");
                }
                else
                {
                    Terminal.Out.Markup($"  [red]FAIL[/] {check.Detail}");
                }
            }
        }

        if (decision.Approval is { } approval)
        {
            Terminal.Out.Line($"approval: {approval.Count} of {(approval.Groups.Count == 0 ? "any approver" : $"group {string.Join(" or ", approval.Groups)}")}, before the proof expires ({Duration(decision.ApprovalExpiry)} after it is made)");
            Terminal.Out.Line($"who could approve: {(e.EligibleApprovers.Count == 0 ? "nobody (no approver in the policy can; the change could never run)" : string.Join(", ", e.EligibleApprovers))}");
        }
    }
}
