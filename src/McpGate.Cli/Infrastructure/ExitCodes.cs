namespace McpGate.Cli.Infrastructure;

/// <summary>0 success, 1 the thing checked is bad (verification failed, denied), 2 usage or input error.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int CheckFailed = 1;
    public const int UsageError = 2;

    /// <summary>Interrupted (Ctrl+C), as shells report SIGINT.</summary>
    public const int Interrupted = 130;
}
