using McpGate.Core.Manifests;

namespace McpGate.Server.Hosting;

/// <summary>
/// A gate to serve whose runtime may still be starting. <c>initialize</c> and <c>tools/list</c> need
/// the manifests only, so <c>serve</c> answers them while the cluster is identified and the keys and
/// ledger open; a tool call or a resource waits for the runtime, and a runtime that fails to start
/// stops the server with its error, as before.
/// </summary>
public sealed class GateStart
{
    /// <summary>How long a failed start waits, at most, for the requests that waited for it to be answered.</summary>
    private static readonly TimeSpan s_answerGrace = TimeSpan.FromSeconds(5);

    private int _waiting;

    /// <param name="manifests">The manifests the runtime is being created with (its tools are listed from them).</param>
    /// <param name="runtime">The runtime's creation, under way; its failure (a <see cref="GateStartupException"/>) is the server's.</param>
    public GateStart(ManifestSet manifests, Task<GateRuntime> runtime)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        ArgumentNullException.ThrowIfNull(runtime);
        Manifests = manifests;
        Runtime = runtime;

        // Observed here: a server stopped before its first tool call never awaits a failed start.
        Observed(runtime);
    }

    /// <summary>Marks a task's failure observed (whoever needs its result still sees it), and returns the task.</summary>
    internal static T Observed<T>(T task)
        where T : Task
    {
        _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return task;
    }

    /// <summary>A gate whose runtime is ready.</summary>
    public static GateStart Ready(GateRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        return new GateStart(runtime.Context.Manifests, Task.FromResult(runtime));
    }

    public ManifestSet Manifests { get; }

    public Task<GateRuntime> Runtime { get; }

    /// <summary>Waits for something made from the runtime, counted as a request waiting for the start (<see cref="WaitersAnsweredAsync"/>).</summary>
    internal async Task<T> WaitAsync<T>(Task<T> made, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            return await made.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    /// <summary>
    /// The start failed: returns once every request that waited for it has its answer (the error) and a
    /// moment more for the transport to write it, so that stopping the server does not cut those answers off.
    /// </summary>
    internal async Task WaitersAnsweredAsync(TimeProvider time)
    {
        var deadline = time.GetUtcNow() + s_answerGrace;
        while (Volatile.Read(ref _waiting) > 0 && time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), time).ConfigureAwait(false);
        }

        await Task.Delay(TimeSpan.FromMilliseconds(100), time).ConfigureAwait(false);
    }

    /// <summary>What a request that needed the runtime is told when the runtime failed to start.</summary>
    internal static string NotStarted(Exception failure) =>
        $"McpGate could not start, so nothing was read or changed: {failure.Message}";
}
