using System.Globalization;
using System.Text.RegularExpressions;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Changes;
using McpGate.Core.Policy;

namespace McpGate.Cli.Commands;

/// <summary>
/// The filters of <c>mcpgate changes list</c>, parsed from the options' text. Every bad value is
/// named with its option and the rule it breaks, all of them at once.
/// </summary>
internal sealed partial record ChangeListFilter
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 10000;

    /// <summary>The rule for <c>--since</c> and <c>--until</c>, as error messages state it.</summary>
    public const string TimeRule =
        "must be an ISO 8601 time with an offset (2026-11-30T14:00:00Z, 2026-11-30T15:00:00+01:00) or a duration before now (a number and one of s, m, h, d, w: 90m, 24h, 7d)";

    /// <summary>Only changes in one of these states; empty for all.</summary>
    public IReadOnlySet<ChangeState> States { get; init; } = new HashSet<ChangeState>();

    public string? Tool { get; init; }

    public string? Namespace { get; init; }

    /// <summary>Canonical (lower-case) identity.</summary>
    public string? Requester { get; init; }

    /// <summary>Canonical (lower-case) identity.</summary>
    public string? Approver { get; init; }

    /// <summary>Proposed at or after.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Proposed at or before.</summary>
    public DateTimeOffset? Until { get; init; }

    public int Limit { get; init; } = DefaultLimit;

    /// <summary>Whether a filter needs the change's document (a damaged row cannot meet it).</summary>
    public bool ReadsDocument => Tool is not null || Namespace is not null || Requester is not null;

    /// <exception cref="CliInputException">One or more values are bad; the message names each option and its rule.</exception>
    public static ChangeListFilter Parse(
        string? state, string? tool, string? ns, string? requester, string? approver, string? since, string? until, string? limit, DateTimeOffset now)
    {
        var errors = new List<string>();
        var states = new HashSet<ChangeState>();
        if (state is not null)
        {
            foreach (var name in state.Split(','))
            {
                if (ChangeStates.FromWire(name) is { } parsed)
                {
                    states.Add(parsed);
                }
                else
                {
                    errors.Add($"--state: {Show(name)} is not a change state; use one of {string.Join(", ", ChangeStates.WireNames)} (several separated by commas)");
                }
            }
        }

        if (tool is not null && !ToolName().IsMatch(tool))
        {
            errors.Add($"--tool: {Show(tool)} is not a tool name (a lower-case letter, then up to 63 lower-case letters, digits and _, e.g. scale_deployment)");
        }

        if (ns is not null && !NamespaceName().IsMatch(ns))
        {
            errors.Add($"--namespace: {Show(ns)} is not a Kubernetes namespace name (1-63 lower-case letters, digits and -, starting and ending with a letter or digit)");
        }

        var requesterName = Identity("--requester", requester, errors);
        var approverName = Identity("--approver", approver, errors);
        var from = Time("--since", since, now, errors);
        var to = Time("--until", until, now, errors);
        if (from is { } a && to is { } b && a > b)
        {
            errors.Add($"--since ({a:O}) is after --until ({b:O}): no change can be in that range");
        }

        var count = DefaultLimit;
        if (limit is not null && !(int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count is >= 1 and <= MaxLimit))
        {
            errors.Add($"--limit: {Show(limit)} must be a whole number from 1 to {MaxLimit}");
        }

        if (errors.Count > 0)
        {
            throw new CliInputException(string.Join("; ", errors));
        }

        return new ChangeListFilter
        {
            States = states, Tool = tool, Namespace = ns, Requester = requesterName, Approver = approverName, Since = from, Until = to, Limit = count,
        };
    }

    /// <summary>The time an option names: an ISO 8601 time with an offset, or now minus a duration.</summary>
    internal static DateTimeOffset? ParseTime(string text, DateTimeOffset now)
    {
        if (Duration().Match(text) is { Success: true } duration)
        {
            if (!long.TryParse(duration.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > 36500L * 24 * 3600)
            {
                return null;
            }

            var unit = duration.Groups[2].Value switch
            {
                "s" => TimeSpan.FromSeconds(1),
                "m" => TimeSpan.FromMinutes(1),
                "h" => TimeSpan.FromHours(1),
                "d" => TimeSpan.FromDays(1),
                _ => TimeSpan.FromDays(7),
            };
            var ticks = unit.Ticks * (double)amount;
            return ticks > (now - DateTimeOffset.MinValue).Ticks ? null : now - TimeSpan.FromTicks((long)ticks);
        }

        return IsoTime().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : null;
    }

    private static DateTimeOffset? Time(string option, string? text, DateTimeOffset now, List<string> errors)
    {
        if (text is null)
        {
            return null;
        }

        var time = ParseTime(text, now);
        if (time is null)
        {
            errors.Add($"{option}: {Show(text)} {TimeRule}");
        }

        return time;
    }

    private static string? Identity(string option, string? text, List<string> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (Identities.TryCanonicalize(text, out var canonical))
        {
            return canonical;
        }

        errors.Add($"{option}: {Identities.Show(text)} {Identities.Rule}");
        return null;
    }

    private static string Show(string text) => Identities.Show(text);

    [GeneratedRegex(@"^[a-z][a-z0-9_]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ToolName();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamespaceName();

    [GeneratedRegex(@"^([0-9]{1,12})([smhdw])\z", RegexOptions.CultureInvariant)]
    private static partial Regex Duration();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}:[0-9]{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex IsoTime();
}
