using Microsoft.Extensions.Logging;

namespace McpGate.Server.Approvals;

internal static partial class ApprovalsApiLog
{
    [LoggerMessage(EventId = 2530, Level = LogLevel.Information, Message = "Approval API: {Approver} cancelled {ChangeId} from {Client}")]
    public static partial void Cancelled(ILogger logger, string approver, string changeId, string client);
}
