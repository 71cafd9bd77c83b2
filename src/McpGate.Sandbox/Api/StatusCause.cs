namespace McpGate.Sandbox.Api;

/// <summary>One field-level reason inside a v1.Status (details.causes).</summary>
internal sealed record StatusCause(string Reason, string Message, string Field)
{
    public static StatusCause Invalid(string field, string value, string detail) =>
        new("FieldValueInvalid", $"Invalid value: {value}: {detail}", field);

    public static StatusCause Required(string field, string detail) =>
        new("FieldValueRequired", $"Required value: {detail}", field);

    public string Describe() => $"{Field}: {Message}";
}
