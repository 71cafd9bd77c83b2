namespace McpGate.Server.Notifications;

/// <summary>How one attempt ended: delivered or not, the HTTP status or exit code if there was one, and why it failed (one line, no secret).</summary>
internal sealed record DeliveryResult(bool Delivered, int? Status, string? Error)
{
    public static DeliveryResult Ok(int status) => new(true, status, null);

    public static DeliveryResult Fail(int? status, string error) => new(false, status, error);
}
