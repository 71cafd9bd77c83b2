using McpGate.Core.Checks;
using McpGate.Core.Manifests;

namespace McpGate.Kubernetes.Diagnostics;

/// <summary>
/// The permissions the loaded tools need, derived from their manifests: what each operation
/// sends to the API server, on the resource it names, and what the proof checks it picks read. <c>cluster check</c> checks exactly these,
/// so a new tool's needs are checked as soon as its manifest is loaded.
/// </summary>
public static class ClusterAccessNeeds
{
    /// <summary>One requirement per verb and resource, with the tools that need it; in a stable order.</summary>
    public static IReadOnlyList<ClusterAccessRequirement> FromManifests(IEnumerable<ToolManifest> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var needs = new SortedDictionary<(string Group, string Resource, bool ClusterWide, int Order, string Verb), SortedSet<string>>();
        foreach (var tool in tools)
        {
            var operation = tool.Operation;
            var clusterWide = operation.Namespace is null;
            var resources = operation.Resources.Count > 0 ? operation.Resources.Select(r => (r.Group, r.Resource))
                : operation.Resource.Length > 0 ? [(operation.Group, operation.Resource)]
                : []; // an apply's kinds are known only at call time (CallTimeNotes)
            foreach (var (group, resource) in resources.Distinct())
            {
                foreach (var (verb, order) in Verbs(operation.Action))
                {
                    Add(needs, (group, resource, clusterWide, order, verb), tool.Name);
                }
            }

            // A drain also lists the node's pods (in every namespace) and evicts them.
            if (operation.Action == OperationAction.Drain)
            {
                Add(needs, (string.Empty, "pods", true, 1, "list"), tool.Name);
                Add(needs, (string.Empty, "pods/eviction", true, 2, "create"), tool.Name);
            }

            // A log read gets the pod first, then its log subresource.
            if (operation.Action == OperationAction.Logs)
            {
                Add(needs, (string.Empty, "pods/log", clusterWide, 0, "get"), tool.Name);
            }

            // The proof checks it picks read more of the target's namespace (pods, budgets, revisions).
            foreach (var (group, resource, verb) in tool.Checks.SelectMany(CheckReads.Of))
            {
                Add(needs, (group, resource, clusterWide, verb == "get" ? 0 : 1, verb), tool.Name);
            }

            // top lists metrics-server's NodeMetrics or PodMetrics beside the nodes or pods themselves.
            foreach (var (group, resource) in operation.Action is OperationAction.Top ? resources.Distinct() : [])
            {
                Add(needs, ("metrics.k8s.io", resource, clusterWide, 1, "list"), tool.Name);
            }

            // rollout_undo and rollout_history list the revisions: ReplicaSets, or ControllerRevisions.
            foreach (var history in operation.Action is OperationAction.RolloutUndo or OperationAction.RolloutHistory ? resources.Select(r => r.Resource == "deployments" ? "replicasets" : "controllerrevisions").Distinct() : [])
            {
                Add(needs, ("apps", history, clusterWide, 1, "list"), tool.Name);
            }
        }

        return [.. needs.Select(n => new ClusterAccessRequirement(n.Key.Verb, n.Key.Group, n.Key.Resource.Split('/')[0],
            n.Key.Resource.Contains('/', StringComparison.Ordinal) ? n.Key.Resource[(n.Key.Resource.IndexOf('/', StringComparison.Ordinal) + 1)..] : null)
        {
            ClusterWide = n.Key.ClusterWide,
            NeededBy = [.. n.Value],
        })];
    }

    /// <summary>
    /// What cannot be derived from the manifests: a tool whose objects' kinds come from the agent at call
    /// time (an apply), with the verbs it needs on each; one sentence per tool, for <c>cluster check</c> to print.
    /// </summary>
    public static IReadOnlyList<string> CallTimeNotes(IEnumerable<ToolManifest> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        return [.. tools
            .Where(t => t.Operation.Resources.Count == 0 && t.Operation.Resource.Length == 0)
            .Where(t => t.Operation.Action is not (OperationAction.ApiResources or OperationAction.Explain)) // discovery and schemas: every authenticated user may read them
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => t.Operation.Action.IsRead()
                ? $"{t.Name} reads kinds named at call time: grant {string.Join(", ", Verbs(t.Operation.Action).Select(v => v.Verb))} "
                    + "on the kinds its agents are expected to read (not checked here)"
                : $"{t.Name} applies objects whose kinds are known only at call time: grant {string.Join(", ", Verbs(t.Operation.Action).Select(v => v.Verb))} "
                    + $"on the kinds its agents are expected to apply, in the namespaces its policy allows (not checked here)")];
    }

    private static void Add(SortedDictionary<(string Group, string Resource, bool ClusterWide, int Order, string Verb), SortedSet<string>> needs,
        (string Group, string Resource, bool ClusterWide, int Order, string Verb) key, string tool)
    {
        if (!needs.TryGetValue(key, out var names))
        {
            names = new SortedSet<string>(StringComparer.Ordinal);
            needs[key] = names;
        }

        names.Add(tool);
    }

    /// <summary>
    /// What an action sends: reads get or list; a write reads its target (proof, drift check,
    /// verification) and patches it, dry run and real write alike. Ordered as an operator
    /// reads them: get, list, then writes.
    /// </summary>
    private static IEnumerable<(string Verb, int Order)> Verbs(OperationAction action) => action switch
    {
        OperationAction.List => [("list", 1)],
        OperationAction.Get => [("get", 0)],
        OperationAction.Logs => [("get", 0)],
        OperationAction.Events => [("list", 1)],
        OperationAction.Describe => [("get", 0), ("list", 1)], // the object, then its events and related objects
        OperationAction.Scale or OperationAction.Patch => [("get", 0), ("patch", 2)],
        OperationAction.Delete => [("get", 0), ("delete", 2)],
        OperationAction.Drain => [("get", 0), ("patch", 2)],
        OperationAction.RolloutUndo => [("get", 0), ("patch", 2)],
        OperationAction.Top => [("list", 1)],
        OperationAction.RolloutStatus or OperationAction.RolloutHistory => [("get", 0)],
        OperationAction.Apply => [("get", 0), ("create", 2), ("patch", 2)],
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "no permissions are known for this action"),
    };
}
