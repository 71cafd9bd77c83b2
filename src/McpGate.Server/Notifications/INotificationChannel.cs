namespace McpGate.Server.Notifications;

/// <summary>Sends one attempt of a notification; never throws for the receiver's failures, only for cancellation by the gate.</summary>
internal interface INotificationChannel
{
    /// <summary>Where it goes, for the log: a webhook's scheme, host and port (never its path, which may be a secret), or a command's program.</summary>
    string Destination { get; }

    Task<DeliveryResult> SendAsync(DeliveryRequest request, TimeSpan timeout, CancellationToken cancellationToken);
}
