namespace McpGate.Core.Operations;

/// <summary>
/// What must still be true of a step's object when the step runs, as the proof observed it:
/// the write is refused by the API server (or, for <see cref="Absent"/>, by the create itself) otherwise.
/// </summary>
public sealed record WritePrecondition
{
    /// <summary>The object's resourceVersion when proven; null for a create.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>The object's uid when proven (deletes and evictions: the same object, not a new one of the same name).</summary>
    public string? Uid { get; init; }

    /// <summary>The object must not exist (a create).</summary>
    public bool Absent { get; init; }

    public static WritePrecondition MustNotExist { get; } = new() { Absent = true };

    /// <summary>The precondition for an object observed as <paramref name="observed"/> (null: absent).</summary>
    public static WritePrecondition Of(System.Text.Json.Nodes.JsonObject? observed) => observed is null
        ? MustNotExist
        : new()
        {
            ResourceVersion = observed["metadata"]?["resourceVersion"]?.GetValue<string>(),
            Uid = observed["metadata"]?["uid"]?.GetValue<string>(),
        };

    /// <summary>Whether <paramref name="current"/> (null: absent) is the state this precondition names; null when it is, else why not.</summary>
    public string? Violation(System.Text.Json.Nodes.JsonObject? current)
    {
        if (Absent)
        {
            return current is null ? null : "it exists now, but the proof saw no such object";
        }

        if (current is null)
        {
            return "it no longer exists";
        }

        var uid = current["metadata"]?["uid"]?.GetValue<string>();
        if (Uid is not null && uid != Uid)
        {
            return $"it was replaced (uid {Uid} -> {uid})";
        }

        var version = current["metadata"]?["resourceVersion"]?.GetValue<string>();
        return ResourceVersion is not null && version != ResourceVersion
            ? $"resourceVersion {ResourceVersion} -> {version}"
            : null;
    }

    public override string ToString() =>
        Absent ? "must not exist"
        : string.Join(", ", new[] { ResourceVersion is null ? null : $"resourceVersion {ResourceVersion}", Uid is null ? null : $"uid {Uid}" }.OfType<string>());
}
