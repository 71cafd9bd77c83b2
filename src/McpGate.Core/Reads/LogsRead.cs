using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Core.Reads.Views;

namespace McpGate.Core.Reads;

/// <summary>
/// A container's log, as <c>kubectl logs</c> reads it: the pod is read first so that a missing pod, an
/// ambiguous or unknown container, a previous instance that never was and a container that never started
/// get answers naming what exists. At most <see cref="ReadLimits.DefaultLogBytes"/> bytes, redacted, with a
/// note on how to narrow when cut.
/// </summary>
public sealed class LogsRead : IReadStrategy
{
    public async Task<ReadResult> ReadAsync(ReadRequest request, ReadContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var target = await ReadTarget.ResolveAsync(request, context, cancellationToken).ConfigureAwait(false);
        var pod = await ReadObjects.GetAsync(context.Cluster, target, cancellationToken).ConfigureAwait(false);
        var query = request.Operation.Query;
        var where = $"pod {target.Ref.Name} in namespace {target.Ref.Namespace}";
        var container = Container(pod, query.Container, where);
        var status = ObjectFields.Objects(pod["status"]?["containerStatuses"])
            .Concat(ObjectFields.Objects(pod["status"]?["initContainerStatuses"]))
            .FirstOrDefault(s => ObjectFields.Text(s["name"]) == container);
        var terminatedBefore = status?["lastState"]?["terminated"] is not null;
        if (query.Previous && !terminatedBefore)
        {
            throw new ReadException(
                $"container {container} of {where} has no previous instance: it has not restarted (restartCount {ObjectFields.Number(status?["restartCount"]) ?? 0}). " +
                "Call without previous for its current log.");
        }

        if (!query.Previous && !terminatedBefore && status?["state"]?["waiting"] is { } waiting && status["state"]?["running"] is null)
        {
            var reason = ObjectFields.Text(waiting["reason"]) ?? "ContainerCreating";
            throw new ReadException(
                $"container {container} of {where} has not started yet ({reason}{(ObjectFields.Text(waiting["message"]) is { Length: > 0 } m ? ": " + Redaction.Text(m) : string.Empty)}), so it has no log. " +
                $"The events_list tool with involved_name {target.Ref.Name} says why.");
        }

        var cap = Math.Clamp(query.LimitBytes ?? ReadLimits.DefaultLogBytes, 1, ReadLimits.DefaultLogBytes);
        var tail = query.TailLines ?? (query.SinceSeconds is null ? ReadLimits.DefaultLogTailLines : null);
        PodLog log;
        try
        {
            // One byte more than the cap: more than the cap back means the log was cut.
            log = await context.Cluster.GetLogAsync(
                target.Ref,
                new LogQuery { Container = container, Previous = query.Previous, TailLines = tail, SinceSeconds = query.SinceSeconds, LimitBytes = cap + 1 },
                cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterException ex) when (ex.Kind == ClusterErrorKind.Invalid)
        {
            // The pod changed between the two reads (a restart, a container gone): the server's words say how.
            throw new ReadException($"the log of container {container} of {where} cannot be read now: {Redaction.Text(ex.Message)}");
        }

        var truncated = log.Bytes > cap;
        var text = Redaction.Text(truncated ? Cut(log.Text, cap) : log.Text);
        var lines = text.Length == 0 ? 0 : text.Count(c => c == '\n') + (text.EndsWith('\n') ? 0 : 1);
        var bytes = Encoding.UTF8.GetByteCount(text);
        var answer = new StringBuilder();
        answer.Append(CultureInfo.InvariantCulture, $"log of container {container} of {where}{(query.Previous ? " (previous instance)" : string.Empty)} on cluster {context.Cluster.ClusterName}: ");
        answer.Append(CultureInfo.InvariantCulture, $"{lines} lines, {bytes} bytes");
        answer.Append(Selection(tail, query.SinceSeconds)).Append('\n');
        answer.Append(text);
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            answer.Append('\n');
        }

        var note = truncated
            ? $"Cut at {cap} bytes: this is the beginning of the lines asked for. Narrow with tail_lines (fewer of the latest lines) or since_seconds (a shorter time span)."
            : null;
        if (note is not null)
        {
            answer.Append(note).Append('\n');
        }

        var data = new JsonObject
        {
            ["cluster"] = context.Cluster.ClusterName,
            ["namespace"] = target.Ref.Namespace,
            ["pod"] = target.Ref.Name,
            ["container"] = container,
            ["previous"] = query.Previous,
            ["tailLines"] = tail,
            ["sinceSeconds"] = query.SinceSeconds,
            ["limitBytes"] = cap,
            ["lines"] = lines,
            ["bytes"] = bytes,
            ["truncated"] = truncated,
            ["log"] = text,
        };
        if (note is not null)
        {
            data["note"] = note;
        }

        return new ReadResult { Text = answer.ToString(), Data = data };
    }

    /// <summary>The container asked for, or the pod's only one; otherwise an answer listing the pod's containers.</summary>
    private static string Container(JsonObject pod, string? asked, string where)
    {
        var containers = ObjectFields.Objects(pod["spec"]?["containers"]).Select(c => ObjectFields.Text(c["name"])).OfType<string>().ToList();
        var init = ObjectFields.Objects(pod["spec"]?["initContainers"]).Select(c => ObjectFields.Text(c["name"])).OfType<string>().ToList();
        var named = init.Count == 0 ? string.Join(", ", containers) : $"{string.Join(", ", containers)} (init: {string.Join(", ", init)})";
        if (asked is null)
        {
            return containers.Count == 1
                ? containers[0]
                : throw new ReadException($"{where} has {containers.Count} containers: {named}. Give container to choose one.");
        }

        return containers.Contains(asked, StringComparer.Ordinal) || init.Contains(asked, StringComparer.Ordinal)
            ? asked
            : throw new ReadException($"{where} has no container {asked}; its containers: {named}.");
    }

    /// <summary>The first <paramref name="cap"/> bytes, ending at the last whole line within them when there is one.</summary>
    private static string Cut(string text, int cap)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var length = Math.Min(cap, bytes.Length);
        var newline = Array.LastIndexOf(bytes, (byte)'\n', length - 1, length);
        return Encoding.UTF8.GetString(bytes, 0, newline >= 0 ? newline + 1 : length);
    }

    private static string Selection(int? tail, int? since) =>
        (tail, since) switch
        {
            (null, null) => string.Empty,
            ({ } t, null) => string.Create(CultureInfo.InvariantCulture, $" (last {t} lines)"),
            (null, { } s) => string.Create(CultureInfo.InvariantCulture, $" (last {s} seconds)"),
            ({ } t, { } s) => string.Create(CultureInfo.InvariantCulture, $" (last {t} lines of the last {s} seconds)"),
        };
}
