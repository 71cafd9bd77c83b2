namespace McpGate.Server.Notifications;

/// <summary>One notification to send: its body (UTF-8 JSON), the id all its attempts share, its event and change.</summary>
internal sealed record DeliveryRequest(string DeliveryId, string Event, string ChangeId, ReadOnlyMemory<byte> Body);
