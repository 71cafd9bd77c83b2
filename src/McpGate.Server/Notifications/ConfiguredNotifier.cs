using McpGate.Core.Notifications;

namespace McpGate.Server.Notifications;

/// <summary>A notifier from <c>notifiers.yaml</c> with the channel that sends its attempts.</summary>
internal sealed record ConfiguredNotifier(NotifierDefinition Definition, INotificationChannel Channel);
