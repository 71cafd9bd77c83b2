namespace McpGate.Core.Cluster;

/// <summary>One piece of evidence a probe read, e.g. <c>readyReplicas</c> = <c>3</c>; recorded in the ledger.</summary>
public sealed record ProbeFact(string Name, string Value);
