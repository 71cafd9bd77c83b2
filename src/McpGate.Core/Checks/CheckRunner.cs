using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using Microsoft.Extensions.Logging;

namespace McpGate.Core.Checks;

/// <summary>
/// Runs a manifest's picked checks in order. A check that throws (a cluster error, or a bug)
/// records <c>warn</c> with why instead of stopping the proposal: only cancellation escapes.
/// </summary>
internal static partial class CheckRunner
{
    public static async Task<IReadOnlyList<CheckRecord>> RunAsync(
        IReadOnlyList<string> names,
        CheckContext context,
        ILogger logger,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(logger);
        var records = new List<CheckRecord>(names.Count);
        foreach (var name in names)
        {
            var check = CheckCatalog.Find(name)
                ?? throw new ArgumentException($"{name} is not a known check; the manifest loader refuses it.", nameof(names));
            records.Add(await RunOneAsync(check, context, logger, cancellationToken).ConfigureAwait(false));
        }

        return records;
    }

    private static async Task<CheckRecord> RunOneAsync(IProofCheck check, CheckContext context, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            return await check.RunAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterException ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.CouldNotRead(logger, check.Name, context.Target.ToString(), ex.Kind.ToString());
            return Verdict.Warn(check.Name, $"could not read what the check needs ({ex.Kind}): {Verdict.Quote(ex.Message)}", null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            Log.CheckFailed(logger, check.Name, context.Target.ToString(), ex);
            return Verdict.Warn(check.Name, $"the check could not run ({ex.GetType().Name}); the gate's log has the details", null);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Check {Check} on {Target} could not read the cluster ({Kind}); recorded as warn")]
        public static partial void CouldNotRead(ILogger logger, string check, string target, string kind);

        [LoggerMessage(EventId = 1202, Level = LogLevel.Error, Message = "Check {Check} on {Target} failed to run; recorded as warn")]
        public static partial void CheckFailed(ILogger logger, string check, string target, Exception exception);
    }
}
