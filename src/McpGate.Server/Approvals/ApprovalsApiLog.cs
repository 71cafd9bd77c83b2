using Microsoft.Extensions.Logging;

namespace McpGate.Server.Approvals;

/// <summary>The approval API's log lines: who decided what, and every refusal with its rule. Never a key.</summary>
internal static partial class ApprovalsApiLog
{
    [LoggerMessage(EventId = 2501, Level = LogLevel.Information, Message = "Approval API {Method} {Path} from {Client} refused {Status}: {Rule}: {Reason}")]
    public static partial void Refused(ILogger logger, string method, string path, string client, int status, string rule, string reason);

    [LoggerMessage(EventId = 2502, Level = LogLevel.Information, Message = "Approval API: {Approver} recorded {Decision} on {ChangeId} from {Client}: {Accepted} of {Required} approvals")]
    public static partial void Recorded(ILogger logger, string approver, string decision, string changeId, string client, int accepted, int required);

    [LoggerMessage(EventId = 2503, Level = LogLevel.Information, Message = "Approval API listening at {Url}; address published in {AddressFile}")]
    public static partial void Listening(ILogger logger, string url, string addressFile);

    [LoggerMessage(EventId = 2504, Level = LogLevel.Warning, Message = "Approval API: the address file {AddressFile} could not be written ({Reason}); the CLI needs --server {Url}")]
    public static partial void AddressNotPublished(ILogger logger, string addressFile, string reason, string url);

    [LoggerMessage(EventId = 2506, Level = LogLevel.Error, Message = "Approval API: the ledger could not be read: {Reason}")]
    public static partial void LedgerFault(ILogger logger, string reason);

    [LoggerMessage(EventId = 2505, Level = LogLevel.Warning, Message = "Approval API: event stream for {Client} ended: {Reason}")]
    public static partial void StreamFailed(ILogger logger, string client, string reason);

    [LoggerMessage(EventId = 2520, Level = LogLevel.Information, Message = "Approval API: {Approver} commented on {ChangeId} from {Client}: comment {Count} of the change")]
    public static partial void Commented(ILogger logger, string approver, string changeId, string client, int count);
}
