namespace McpGate.Core.Reads;

/// <summary>How much one read returns unless the call asks otherwise.</summary>
public static class ReadLimits
{
    /// <summary>Items per list page when the call gives no limit.</summary>
    public const int DefaultListItems = 100;

    /// <summary>Items per page at most, whatever the call asks.</summary>
    public const int MaxListItems = 500;

    /// <summary>Bytes of log per call unless the call asks for fewer.</summary>
    public const int DefaultLogBytes = 64 * 1024;

    /// <summary>Log lines per call when the call names neither tail_lines nor since_seconds.</summary>
    public const int DefaultLogTailLines = 200;
}
