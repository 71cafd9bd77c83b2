namespace McpGate.Core.Operations;

/// <summary>
/// One kind of write, chosen by a manifest's <c>operation.action</c>: it resolves the targets from
/// the arguments, reads their current state (or "absent"), and builds the exact steps to send, each
/// under its precondition, and their inverse. Dry runs, execution under the precondition, and
/// telling whether an interrupted step took effect are the same for every strategy and live with
/// the step's verb (<see cref="WriteSteps"/>). A new tool that fits a strategy is a manifest only.
/// </summary>
public interface IWriteStrategy
{
    /// <summary>The <c>operation.action</c> this strategy serves.</summary>
    string Action { get; }

    /// <summary>Reads the targets and builds the steps; never writes.</summary>
    /// <exception cref="Engine.ProposalException">The change cannot be made (missing target, bad argument); the message says why.</exception>
    Task<WritePlan> PlanAsync(WriteContext context, CancellationToken cancellationToken);

    /// <summary>
    /// The steps that would undo the plan, from the observed objects and the dry-run results (without
    /// preconditions: a rollback is proposed as a change of its own); empty with a reason when there is none.
    /// </summary>
    WriteInverse Inverse(WritePlan plan, IReadOnlyList<System.Text.Json.Nodes.JsonObject?> dryRuns);
}
