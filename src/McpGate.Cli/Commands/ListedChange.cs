using McpGate.Cli.Infrastructure;
using McpGate.Core.Ledger;

namespace McpGate.Cli.Commands;

/// <summary>A row of <c>changes list</c>: the change row as the CLI reads it, and the decisions its ledger entries record.</summary>
internal sealed record ListedChange(ChangeRow Row, StoredChange Stored, List<ListedDecision> Decisions);
