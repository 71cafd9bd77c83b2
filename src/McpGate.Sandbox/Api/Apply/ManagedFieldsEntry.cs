namespace McpGate.Sandbox.Api.Apply;

/// <summary>One metadata.managedFields entry: who set which fields, how (Apply or Update), and when.</summary>
internal sealed record ManagedFieldsEntry(string Manager, string Operation, string ApiVersion, string Time, FieldSet Fields, string? Subresource = null);
