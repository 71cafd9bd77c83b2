using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Engine;

namespace McpGate.Core.Operations;

/// <summary>
/// <c>apply</c>: the objects of the body parameter (YAML or JSON, up to
/// <see cref="ApplyDocuments.MaxDocuments"/> documents), all in the call's namespace. Each is read:
/// absent, it is created (must still be absent); present, it is server-side applied by field manager
/// <c>mcpgate</c> without force under its observed resourceVersion. Kinds must be served by the cluster
/// and namespaced; Secrets are refused. The engine dry-runs every step before anything is written.
/// Inverse: created objects deleted, updated ones merge-patched back to what was observed.
/// </summary>
internal sealed class ApplyStrategy : IWriteStrategy
{
    public string Action => "apply";

    public async Task<WritePlan> PlanAsync(WriteContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parameter = context.Tool.Operation.Body
            ?? throw new InvalidOperationException($"{context.Tool.Name}: an apply needs operation.body; the manifest loader should have refused it.");
        var @namespace = context.Operation.Target.Namespace
            ?? throw new InvalidOperationException($"{context.Tool.Name}: an apply needs operation.namespace; the manifest loader should have refused it.");
        var documents = ApplyDocuments.Parse(parameter, context.Operation.Body, @namespace);

        var seen = new Dictionary<(string Group, string Resource, string Name), ApplyDocument>();
        var targets = new List<(ApplyDocument Document, ResourceRef Target)>();
        foreach (var document in documents)
        {
            var where = document.Where(parameter);
            var kind = await context.Cluster.ResolveKindAsync(document.ApiVersion, document.Kind, cancellationToken).ConfigureAwait(false)
                ?? throw new ProposalException($"{where}: cluster {context.Cluster.ClusterName} serves no kind {document.Kind} in {document.ApiVersion}.");
            if (kind.Group.Length == 0 && kind.Resource == "secrets")
            {
                throw new ProposalException($"{where}: Secrets may not be applied through the gate: their values would appear in diffs, proofs and the ledger.");
            }

            if (!kind.Namespaced)
            {
                throw new ProposalException($"{where}: {document.Kind} is cluster-scoped; the gate applies only namespaced objects (the policy decides by namespace).");
            }

            if (seen.TryGetValue((kind.Group, kind.Resource, document.Name), out var first))
            {
                throw new ProposalException($"{where}: names {document.Kind} {@namespace}/{document.Name} again (document {first.Index} already does); each object may appear once.");
            }

            seen[(kind.Group, kind.Resource, document.Name)] = document;
            targets.Add((document, kind.ToRef(@namespace, document.Name)));
        }

        var steps = new List<PlannedStep>();
        foreach (var (document, target) in targets)
        {
            var observed = await ReadAsync(context.Cluster, target, cancellationToken).ConfigureAwait(false);
            steps.Add(new PlannedStep
            {
                Step = new WriteStep
                {
                    Verb = observed is null ? WriteVerb.Create : WriteVerb.Apply,
                    Target = ChangeTarget.From(target),
                    Body = document.Body.DeepClone(),
                    Precondition = WritePrecondition.Of(observed),
                },
                Observed = observed,
            });
        }

        return new WritePlan { Action = Action, Steps = steps };
    }

    /// <summary>Created objects deleted; updated ones merge-patched back to what was observed.</summary>
    public WriteInverse Inverse(WritePlan plan, IReadOnlyList<JsonObject?> dryRuns)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var deletes = plan.Steps
            .Where(s => s.Step.Verb == WriteVerb.Create)
            .Select(s => new WriteStep { Verb = WriteVerb.Delete, Target = s.Step.Target, Precondition = new WritePrecondition() });
        var restores = StrategyReads.RestoreObserved(plan, dryRuns).Steps;
        return WriteInverse.Of([.. deletes, .. restores]);
    }

    private static async Task<JsonObject?> ReadAsync(IClusterPort cluster, ResourceRef target, CancellationToken cancellationToken)
    {
        try
        {
            return await cluster.GetAsync(target, cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterException ex) when (ex.Kind == ClusterErrorKind.NotFound)
        {
            return null;
        }
    }
}
