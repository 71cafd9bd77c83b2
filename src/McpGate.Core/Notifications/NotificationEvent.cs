namespace McpGate.Core.Notifications;

/// <summary>What a notification is about; on the wire and in <c>notifiers.yaml</c> as its lower-case name.</summary>
public enum NotificationEvent
{
    /// <summary>A change now waits for approval.</summary>
    Pending,

    /// <summary>An approver's signed decision (approve or reject) was recorded.</summary>
    Decision,

    /// <summary>The change reached a final state (verified, failed, rejected, expired, ...).</summary>
    Final,
}
