namespace McpGate.Core.Notifications;

/// <summary>How a notifier delivers: an HTTP POST, or a program run with the body on its stdin.</summary>
public enum NotifierKind
{
    Webhook,
    Command,
}
