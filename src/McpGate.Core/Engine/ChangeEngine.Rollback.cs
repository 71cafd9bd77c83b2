using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Manifests;
using McpGate.Core.Operations;
using McpGate.Core.Proofs;

namespace McpGate.Core.Engine;

public sealed partial class ChangeEngine
{
    /// <summary>
    /// After a failed verification: proposes the signed inverse of the change as a new change of the
    /// same tool, linked to it, proven against the cluster as it is now and waiting for its own
    /// approval (the engine never executes it on its own). Returns its id; null, logged, when there
    /// is no inverse, the change is itself a rollback, or the rollback cannot be proposed.
    /// </summary>
    private async Task<string?> ProposeRollbackAsync(ChangeDocument failed, ProofClaims claims, string why, CancellationToken cancellationToken)
    {
        var reason = claims.RollbackOf is not null ? "the change is itself a rollback"
            : claims.Request.Inverse.Count == 0 ? $"the change has no inverse ({claims.Request.NoInverseReason ?? "none recorded"})"
            : _options.Tools.FirstOrDefault(t => t.Name == claims.Tool) is null ? $"the gate does not serve tool {claims.Tool} any more"
            : null;
        if (reason is not null)
        {
            Log.RollbackNotProposed(_logger, failed.Id, reason);
            return null;
        }

        var tool = _options.Tools.First(t => t.Name == claims.Tool);
        try
        {
            var arguments = (JsonObject)claims.Arguments.DeepClone();
            var text = $"rollback of {failed.Id}: {why}";
            arguments["reason"] = text.Length <= MaxReasonLength ? text : string.Concat(text.AsSpan(0, MaxReasonLength - 3), "...");
            var steps = new List<PlannedStep>();
            foreach (var step in claims.Request.Inverse)
            {
                var current = await _cluster.GetAsync(step.Target.ToResourceRef(), cancellationToken).ConfigureAwait(false);
                if (current is null && step.Verb != WriteVerb.Create)
                {
                    throw new ProposalException($"{step.Target.Resource} {step.Target} no longer exists");
                }

                // A node's resourceVersion moves with every status heartbeat: its uid is the precondition
                // (as drain's cordon), or the rollback could never run on a real cluster.
                var precondition = WritePrecondition.Of(current);
                if (current is not null && step.Target.Group.Length == 0 && step.Target.Resource == "nodes")
                {
                    precondition = precondition with { ResourceVersion = null };
                }

                steps.Add(new PlannedStep { Step = step with { Precondition = precondition }, Observed = current });
            }

            var identity = await _cluster.GetIdentityAsync(cancellationToken).ConfigureAwait(false);
            var plan = new WritePlan { Action = claims.Request.Action, Steps = steps };
            var rollback = await ProvePlanAsync(tool, BoundArgumentsJson.FromJson(arguments), claims.Requester, identity, plan,
                WriteStrategies.For(tool.Operation.Action), failed.Id, cancellationToken).ConfigureAwait(false);
            Log.RollbackProposed(_logger, failed.Id, rollback.Change.Id);
            return rollback.Change.Id;
        }
        catch (Exception ex) when (ex is ProposalException or NothingToChangeException or ClusterException or FormatException)
        {
            // NothingToChange: the cluster is already back as it was; there is nothing to roll back.
            Log.RollbackNotProposed(_logger, failed.Id, ex.Message);
            return null;
        }
    }
}
