using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Manifests;
using McpGate.Core.Policy;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.Diagnostics;
using McpGate.Kubernetes.KubeConfig;

namespace McpGate.Cli.Commands;

/// <summary>
/// <c>mcpgate cluster check</c>: can these credentials do what the tools need, and no more?
/// <c>mcpgate cluster rbac</c>: the RBAC that grants exactly that.
/// </summary>
internal static partial class ClusterCommand
{
    public static Command Create()
    {
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Kubeconfig file(s) (':'-separated like $KUBECONFIG). Default: $KUBECONFIG, else ~/.kube/config, else the pod's service account." };
        var context = new Option<string?>("--context") { Description = "Context to check. Default: the current context." };
        var policies = CommonOptions.Policies();
        var manifests = CommonOptions.Manifests();
        var json = CommonOptions.Json();
        var check = new Command("check", "Connect, print the server version and identity, and check the permissions the loaded tools need (derived from their manifests) in every namespace the policy names. Exit 1 when a permission is missing.")
        {
            kubeconfig, context, policies, manifests, json,
        };
        check.SetAction((parse, cancellationToken) => CliAction.RunAsync(async () =>
        {
            var endpoint = ResolveEndpoint(parse.GetValue(kubeconfig), parse.GetValue(context));
            var policy = LoadPolicy(CliPaths.Policies(parse.GetValue(policies)));
            var namespaces = ClusterCheck.NamespacesFromRules(policy.Rules).ToList() is { Count: > 0 } named ? named : ["*"];
            var tools = LoadTools(CliPaths.Manifests(parse.GetValue(manifests)));
            using var client = new KubeApiClient(endpoint, new KubeApiClientOptions { Timeout = TimeSpan.FromSeconds(15) });
            var report = await ClusterCheck.RunAsync(client, namespaces, ClusterAccessNeeds.FromManifests(tools), cancellationToken);
            if (report.Connected)
            {
                var errors = new List<string>(report.Errors);
                var beyond = await ClusterCheck.BeyondReadScopeAsync(client, policy.ReadScope, errors, cancellationToken);
                report = report with { BeyondReadScope = beyond, Errors = errors };
            }

            var notes = ClusterAccessNeeds.CallTimeNotes(tools);
            if (parse.GetValue(json))
            {
                var output = ToJson(report);
                output["notes"] = new JsonArray([.. notes.Select(n => (JsonNode?)n)]);
                Terminal.Out.Json(output);
            }
            else
            {
                Print(report, notes);
            }

            return report.Succeeded ? ExitCodes.Success : ExitCodes.CheckFailed;
        }));
        return new Command("cluster", "Inspect the cluster McpGate talks to, and print the RBAC its tools need.") { check, CreateRbac() };
    }

    private static KubeEndpoint ResolveEndpoint(string? kubeconfig, string? context)
    {
        try
        {
            var path = kubeconfig ?? KubeConfigLoader.DefaultPath();
            if (path is null)
            {
                return KubeInClusterConfig.IsAvailable()
                    ? KubeInClusterConfig.Load()
                    : throw new CliInputException("no kubeconfig: pass --kubeconfig FILE, set KUBECONFIG, or run in a pod with a service account");
            }

            return KubeConfigLoader.Load(path).Resolve(context);
        }
        catch (KubeConfigException ex)
        {
            throw new CliInputException(ex.Message);
        }
    }

    private static PolicySet LoadPolicy(string directory)
    {
        try
        {
            return PolicySet.LoadDirectory(directory);
        }
        catch (PolicyValidationException ex)
        {
            throw new CliInputException($"policies {directory}: {ex.Message}");
        }
    }

    private static IReadOnlyList<ToolManifest> LoadTools(string directory)
    {
        try
        {
            return ManifestLoader.LoadDirectory(directory).Tools;
        }
        catch (ManifestValidationException ex)
        {
            throw new CliInputException($"tool manifests {directory}: {ex.Message}");
        }
    }

    private static void Print(ClusterCheckReport report, IReadOnlyList<string> notes)
    {
        var identity = report.User is null ? "unknown" : report.Groups.Count == 0 ? report.User : $"{report.User} (groups: {string.Join(", ", report.Groups)})";
        Terminal.Out.Write(TerminalTable.Grid()
            .AddField("context", report.Context)
            .AddField("server", report.Server)
            .AddField("version", report.ServerVersion ?? "unreachable")
            .AddField("identity", identity));
        if (report.Identity is not null)
        {
            // One line each, never wrapped: operators compare these digests with what proofs show.
            foreach (var (label, value) in ClusterIdentityText.Rows(report.Identity))
            {
                Terminal.Out.Line($"{label.PadRight(16)} {value}");
            }
        }

        if (report.Access.Count > 0)
        {
            var table = TerminalTable.WithColumns(null, "NAMESPACE", "PERMISSION", "ALLOWED", "NEEDED BY");
            foreach (var row in report.Access)
            {
                table.AddRow(
                    row.Requirement.ClusterWide ? "(cluster-wide)" : row.Namespace == "*" ? "* (all)" : row.Namespace,
                    row.Requirement.ToString(),
                    row.Allowed ? TerminalCell.Styled("green", "yes") : TerminalCell.Styled("red", "NO"),
                    string.Join(", ", row.Requirement.NeededBy));
            }

            Terminal.Out.Write(table);
        }

        foreach (var note in notes)
        {
            Terminal.Out.Line($"NOTE: {note}");
        }

        foreach (var finding in report.BeyondReadScope)
        {
            Terminal.Out.Markup($"[yellow bold]BEYOND READ SCOPE:[/] these credentials {finding}; the gate refuses such reads, but the credentials are broader than needed");
        }

        foreach (var warning in report.Warnings)
        {
            Terminal.Out.Markup($"[yellow bold]WARNING:[/] {warning}");
        }

        foreach (var error in report.Errors)
        {
            Terminal.Out.Markup($"[red bold]FAILED:[/] {error}");
        }

        if (MissingRbac(report) is { Length: > 0 } rbac)
        {
            Terminal.Out.Line($"Grant exactly the missing permissions with this RBAC (review it, then kubectl apply -f FILE):");
            foreach (var line in rbac.TrimEnd('\n').Split('\n'))
            {
                Terminal.Out.Line($"{line}");
            }
        }

        if (report.Succeeded)
        {
            Terminal.Out.Markup($"[green]cluster check passed[/]");
        }
        else
        {
            Terminal.Out.Markup($"[red]cluster check failed[/]");
        }
    }

    /// <summary>Role/RoleBinding YAML for the denied permissions only; empty when none is denied.</summary>
    private static string MissingRbac(ClusterCheckReport report) => RbacSuggestion.ToYaml(
        report.Access.Where(a => !a.Allowed).Select(a => (a.Namespace, a.Requirement)),
        report.User is { } user ? RbacSubject.FromUsername(user) : null);

    private static JsonObject ToJson(ClusterCheckReport report) => new()
    {
        ["succeeded"] = report.Succeeded,
        ["context"] = report.Context,
        ["server"] = report.Server,
        ["connected"] = report.Connected,
        ["serverVersion"] = report.ServerVersion,
        ["cluster"] = report.Identity is not { } cluster ? null : new JsonObject
        {
            ["id"] = cluster.Id,
            ["server"] = cluster.Server,
            ["certificateDigest"] = cluster.CertificateDigest,
            ["certificateSource"] = cluster.CertificateSource,
            ["kubeSystemUid"] = cluster.KubeSystemUid,
        },
        ["user"] = report.User,
        ["groups"] = new JsonArray(report.Groups.Select(g => (JsonNode?)g).ToArray()),
        ["clusterAdmin"] = report.ClusterAdmin,
        ["access"] = new JsonArray(report.Access.Select(a => (JsonNode?)new JsonObject
        {
            ["namespace"] = a.Namespace,
            ["verb"] = a.Requirement.Verb,
            ["group"] = a.Requirement.Group,
            ["resource"] = a.Requirement.Resource,
            ["subresource"] = a.Requirement.Subresource,
            ["clusterWide"] = a.Requirement.ClusterWide,
            ["neededBy"] = new JsonArray(a.Requirement.NeededBy.Select(t => (JsonNode?)t).ToArray()),
            ["allowed"] = a.Allowed,
            ["reason"] = a.Reason,
        }).ToArray()),
        ["missingRbac"] = MissingRbac(report) is { Length: > 0 } rbac ? rbac : null,
        ["beyondReadScope"] = new JsonArray(report.BeyondReadScope.Select(w => (JsonNode?)w).ToArray()),
        ["warnings"] = new JsonArray(report.Warnings.Select(w => (JsonNode?)w).ToArray()),
        ["errors"] = new JsonArray(report.Errors.Select(e => (JsonNode?)e).ToArray()),
    };
}
