namespace McpGate.Server.Hosting;

/// <summary>How <see cref="ReadLog"/> batches: a bounded queue, written at most every <see cref="FlushInterval"/> unless a batch fills.</summary>
public sealed record ReadLogOptions
{
    /// <summary>Reads waiting to be written; beyond it a read still answers but is counted as dropped.</summary>
    public int Capacity { get; init; } = 4096;

    /// <summary>At most this many reads per transaction; a full batch is written at once.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>How long the writer waits after a partial batch, so that reads arriving meanwhile share one commit.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(200);
}
