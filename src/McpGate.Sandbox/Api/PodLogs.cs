using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Sandbox.Controllers;
using McpGate.Sandbox.Objects;
using Microsoft.AspNetCore.Http;

namespace McpGate.Sandbox.Api;

/// <summary>
/// GET pods/NAME/log: synthetic but plausible container output (nginx access logs, an app's
/// startup and health checks, a crash for crash-looping images), one line per ten seconds of
/// uptime (or as many as the pod's <see cref="LogLinesAnnotation"/> asks for). Honours container,
/// previous, timestamps, tailLines, sinceSeconds, sinceTime and limitBytes (<see cref="PodLogOptions"/>).
/// </summary>
internal static class PodLogs
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A pod annotation that makes each container's log this many lines long (at most
    /// <see cref="MaxLogLines"/>), spread evenly over its uptime: for testing byte caps on huge logs.
    /// </summary>
    public const string LogLinesAnnotation = "sandbox.mcpgate.dev/log-lines";

    public const int MaxLogLines = 1_000_000;

    public static async Task WriteAsync(HttpContext context, JsonObject pod, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var podName = ObjectMeta.Name(pod);
        var options = PodLogOptions.Parse(context.Request.Query, podName, now);
        var containers = (JsonFields.FindArray(pod, "spec", "containers") ?? []).OfType<JsonObject>().ToList();
        var names = containers.Select(c => JsonFields.String(c, "name") ?? string.Empty).ToList();
        var requested = options.Container;
        if (requested is null)
        {
            if (names.Count != 1)
            {
                throw new ApiException(ApiErrors.BadRequest($"a container name must be specified for pod {podName}, choose one of: [{string.Join(' ', names)}]"));
            }

            requested = names[0];
        }

        var container = containers.FirstOrDefault(c => JsonFields.String(c, "name") == requested)
            ?? throw new ApiException(ApiErrors.BadRequest($"container {requested} is not valid for pod {podName}"));
        var image = JsonFields.String(container, "image") ?? string.Empty;
        var status = (JsonFields.FindArray(pod, "status", "containerStatuses") ?? []).FirstOrDefault(s => JsonFields.String(s, "name") == requested);
        IEnumerable<(DateTimeOffset Time, string Line)> lines = Lines(pod, requested, image, status, options.Previous, now);

        // As the kubelet reads a log: the last tailLines lines, then those not older than since, then limitBytes.
        if (options.TailLines is { } tail)
        {
            var all = lines.ToList();
            lines = all.Skip((int)Math.Max(0, all.Count - Math.Min(tail, all.Count)));
        }

        if (options.Since is { } since)
        {
            lines = lines.Where(l => l.Time >= since);
        }

        var text = new StringBuilder();
        foreach (var (time, line) in lines)
        {
            if (options.Timestamps)
            {
                text.Append(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture)).Append(' ');
            }

            text.Append(line).Append('\n');
        }

        var body = Encoding.UTF8.GetBytes(text.ToString());
        var length = options.LimitBytes is { } limit ? (int)Math.Min(limit, body.Length) : body.Length;
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain";
        await context.Response.Body.WriteAsync(body.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
    }

    private static List<(DateTimeOffset Time, string Line)> Lines(JsonObject pod, string name, string image, JsonNode? status, bool previous, DateTimeOffset now)
    {
        var podName = ObjectMeta.Name(pod);
        var outcome = ImageProfile.Classify(image);
        var startedAt = Timestamps.Parse(JsonFields.String(status, "state", "running", "startedAt"));
        var lastStart = Timestamps.Parse(JsonFields.String(status, "lastState", "terminated", "startedAt"));
        if (previous)
        {
            if (lastStart is null)
            {
                throw new ApiException(ApiErrors.BadRequest($"previous terminated container \"{name}\" in pod \"{podName}\" not found"));
            }

            return Crash(image, lastStart.Value);
        }

        if (outcome == ImageOutcome.CrashLoops && lastStart is { } crashed)
        {
            return Crash(image, crashed);
        }

        if (startedAt is not { } start)
        {
            var reason = JsonFields.String(status, "state", "waiting", "reason") ?? "ContainerCreating";
            var shown = reason is "ErrImagePull" or "ImagePullBackOff" ? "trying and failing to pull image" : reason;
            throw new ApiException(ApiErrors.BadRequest($"container \"{name}\" in pod \"{podName}\" is waiting to start: {shown}"));
        }

        var lines = Startup(image, start);
        var uptime = now > start ? now - start : TimeSpan.Zero;
        var wanted = int.TryParse(ObjectMeta.Annotation(pod, LogLinesAnnotation), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? Math.Min(count, MaxLogLines) - lines.Count
            : (int?)null;
        var ticks = wanted ?? Math.Min(500, (int)(uptime / s_interval));
        for (var i = 1; i <= ticks; i++)
        {
            // One line per interval; a pod asking for more lines than its uptime allows gets them closer together.
            var time = wanted is null ? start + s_interval * i : start + uptime * i / ticks;
            lines.Add((time, Steady(image, time, i)));
        }

        return lines;
    }

    private static bool IsNginx(string image) => image.Split('/')[^1].StartsWith("nginx", StringComparison.Ordinal);

    private static List<(DateTimeOffset, string)> Startup(string image, DateTimeOffset start)
    {
        if (IsNginx(image))
        {
            var stamp = start.UtcDateTime.ToString("yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture);
            return
            [
                (start, "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"),
                (start, "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/"),
                (start, "/docker-entrypoint.sh: Configuration complete; ready for start up"),
                (start, $"{stamp} [notice] 1#1: using the \"epoll\" event method"),
                (start, $"{stamp} [notice] 1#1: nginx/{Tag(image)}"),
                (start, $"{stamp} [notice] 1#1: start worker processes"),
            ];
        }

        return
        [
            (start, $"{Iso(start)} INFO  starting {Repository(image)} version={Tag(image)}"),
            (start, $"{Iso(start)} INFO  loaded configuration from /etc/app/config.yaml"),
            (start, $"{Iso(start)} INFO  listening on :8080"),
        ];
    }

    private static string Steady(string image, DateTimeOffset time, int tick)
    {
        if (IsNginx(image))
        {
            var stamp = time.UtcDateTime.ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture);
            return tick % 3 == 0
                ? $"10.244.1.{tick % 200 + 2} - - [{stamp}] \"GET /index.html HTTP/1.1\" 200 615 \"-\" \"Mozilla/5.0\" \"-\""
                : $"10.0.0.1 - - [{stamp}] \"GET / HTTP/1.1\" 200 615 \"-\" \"kube-probe/1.32\" \"-\"";
        }

        return tick % 3 == 0
            ? $"{Iso(time)} INFO  GET /api/v1/orders 200 {12 + tick % 17}ms"
            : $"{Iso(time)} INFO  GET /healthz 200 0.{tick % 9 + 1}ms";
    }

    private static List<(DateTimeOffset, string)> Crash(string image, DateTimeOffset start) =>
    [
        (start, $"{Iso(start)} INFO  starting {Repository(image)} version={Tag(image)}"),
        (start, $"{Iso(start)} INFO  loaded configuration from /etc/app/config.yaml"),
        (start, $"{Iso(start)} ERROR failed to connect to database: dial tcp 10.96.12.7:5432: connect: connection refused"),
        (start, $"{Iso(start)} FATAL exiting: required dependency unavailable (exit code 1)"),
    ];

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Repository(string image)
    {
        var name = image.Split('@')[0];
        var colon = name.LastIndexOf(':');
        return (colon > name.LastIndexOf('/') ? name[..colon] : name).Split('/')[^1];
    }

    private static string Tag(string image)
    {
        var name = image.Split('@')[0];
        var colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? name[(colon + 1)..] : "latest";
    }
}
