using McpGate.Core.Policy;
using McpGate.Core.Tokens;
using Microsoft.Extensions.Logging;

namespace McpGate.Server.Http;

/// <summary>
/// The current <c>tokens.yaml</c>: re-read when its modification time or size changes, so a
/// revocation takes effect on the next request without a restart. A file that becomes invalid or
/// disappears lets no token in until it is fixed (fail closed), and the log says why, once.
/// </summary>
internal sealed partial class AgentTokenReloader(string path, ILogger<AgentTokenReloader> logger)
{
    private readonly Lock _lock = new();
    private (DateTime Modified, long Length)? _stamp;
    private AgentTokenSet? _tokens;

    /// <summary>The tokens, or null when the file is missing or invalid.</summary>
    public AgentTokenSet? Current()
    {
        var info = new FileInfo(path);
        var stamp = info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1L);
        lock (_lock)
        {
            if (_stamp == stamp)
            {
                return _tokens;
            }

            try
            {
                var file = AgentTokenFile.Load(path);
                _tokens = file.ToSet();
                _stamp = stamp;
                Log.Loaded(logger, path, _tokens.Tokens.Count);
            }
            catch (Exception ex) when (ex is PolicyValidationException or IOException or UnauthorizedAccessException)
            {
                if (_tokens is not null || _stamp is null)
                {
                    Log.Invalid(logger, path, ex.Message);
                }

                _tokens = null;
                _stamp = stamp;
            }

            return _tokens;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Agent tokens: {Count} loaded from {Path}")]
        public static partial void Loaded(ILogger logger, string path, int count);

        [LoggerMessage(EventId = 2302, Level = LogLevel.Error, Message = "Agent tokens: {Path} cannot be used, so no agent is let in over HTTP until it is fixed: {Reason}")]
        public static partial void Invalid(ILogger logger, string path, string reason);
    }
}
