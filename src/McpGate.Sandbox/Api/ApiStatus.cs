using System.Text.Json.Nodes;

namespace McpGate.Sandbox.Api;

/// <summary>A failed v1.Status, as the API server returns it.</summary>
internal sealed record ApiStatus
{
    public required int Code { get; init; }

    public required string Reason { get; init; }

    public required string Message { get; init; }

    public string? Name { get; init; }

    public string? Group { get; init; }

    public string? Kind { get; init; }

    public IReadOnlyList<StatusCause> Causes { get; init; } = [];

    public long? RetryAfterSeconds { get; init; }

    public bool HasDetails => Name is not null || Kind is not null || Causes.Count > 0 || RetryAfterSeconds is not null;

    public JsonObject ToJson()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
        };
        if (HasDetails)
        {
            var details = new JsonObject();
            if (Name is not null)
            {
                details["name"] = Name;
            }

            if (!string.IsNullOrEmpty(Group))
            {
                details["group"] = Group;
            }

            if (Kind is not null)
            {
                details["kind"] = Kind;
            }

            if (Causes.Count > 0)
            {
                var causes = new JsonArray();
                foreach (var cause in Causes)
                {
                    causes.Add((JsonNode)new JsonObject
                    {
                        ["reason"] = cause.Reason,
                        ["message"] = cause.Message,
                        ["field"] = cause.Field,
                    });
                }

                details["causes"] = causes;
            }

            if (RetryAfterSeconds is { } retryAfter)
            {
                details["retryAfterSeconds"] = retryAfter;
            }

            status["details"] = details;
        }

        status["code"] = Code;
        return status;
    }
}
