namespace McpGate.Sandbox.Resources;

/// <summary>One column of a meta.k8s.io/v1 Table; priority 0 shows by default, 1 with -o wide.</summary>
internal sealed record TableColumn(string Name, string Type, string Format, string Description, int Priority = 0);
