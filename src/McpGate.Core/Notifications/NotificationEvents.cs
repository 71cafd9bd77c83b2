namespace McpGate.Core.Notifications;

/// <summary>Wire names of <see cref="NotificationEvent"/>.</summary>
public static class NotificationEvents
{
    public static readonly IReadOnlyDictionary<string, NotificationEvent> ByName = new Dictionary<string, NotificationEvent>(StringComparer.Ordinal)
    {
        ["pending"] = NotificationEvent.Pending,
        ["decision"] = NotificationEvent.Decision,
        ["final"] = NotificationEvent.Final,
    };

    public static string ToWire(this NotificationEvent value) => value switch
    {
        NotificationEvent.Pending => "pending",
        NotificationEvent.Decision => "decision",
        _ => "final",
    };
}
