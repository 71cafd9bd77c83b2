using System.Globalization;
using System.Text.RegularExpressions;
using McpGate.Core.Manifests.Yaml;
using YamlDotNet.RepresentationModel;

namespace McpGate.Core.Policy;

internal sealed partial class PolicyParser
{
    private static readonly Dictionary<string, DayOfWeek> s_days = new(StringComparer.Ordinal)
    {
        ["mon"] = DayOfWeek.Monday,
        ["tue"] = DayOfWeek.Tuesday,
        ["wed"] = DayOfWeek.Wednesday,
        ["thu"] = DayOfWeek.Thursday,
        ["fri"] = DayOfWeek.Friday,
        ["sat"] = DayOfWeek.Saturday,
        ["sun"] = DayOfWeek.Sunday,
    };

    private void ParseFreezeWindows(YamlNode? node)
    {
        var sequence = _source.Sequence(node, "freezeWindows");
        for (var i = 0; sequence is not null && i < sequence.Children.Count; i++)
        {
            var map = _source.Mapping(sequence.Children[i], $"freezeWindows[{i}]");
            if (map is not null)
            {
                ParseFreezeWindow(map);
            }
        }
    }

    private void ParseFreezeWindow(MappingReader map)
    {
        var before = _errors.Count;
        var nameNode = map.Required("name");
        var name = _source.Text(nameNode, map.FieldOf("name"));
        var namespaces = Selectors(map, "namespaces", required: false, SelectorKind.Name);
        var fromNode = map.Optional("from");
        var toNode = map.Optional("to");
        var zoneNode = map.Optional("timeZone");
        var daysNode = map.Optional("days");
        var startNode = map.Optional("start");
        var endNode = map.Optional("end");
        map.ReportUnknownKeys();

        var window = new FreezeWindow { Name = name ?? string.Empty, Namespaces = namespaces };
        if (fromNode is not null || toNode is not null)
        {
            foreach (var (key, extra) in new[] { ("timeZone", zoneNode), ("days", daysNode), ("start", startNode), ("end", endNode) })
            {
                if (extra is not null)
                {
                    _source.Error(extra, map.FieldOf(key), "a one-off window (from/to) takes no recurring schedule");
                }
            }

            var from = Timestamp(fromNode ?? Missing(map, "from"), map.FieldOf("from"));
            var to = Timestamp(toNode ?? Missing(map, "to"), map.FieldOf("to"));
            if (from >= to)
            {
                _source.Error(toNode!, map.FieldOf("to"), "must be after from");
            }

            window = window with { From = from, To = to };
        }
        else
        {
            window = ParseRecurrence(map, window, zoneNode, daysNode, startNode, endNode);
        }

        if (_errors.Count == before)
        {
            _file.FreezeWindows.Add(new(window, _source.Location(nameNode!), map.FieldOf("name")));
        }
    }

    private FreezeWindow ParseRecurrence(MappingReader map, FreezeWindow window, YamlNode? zoneNode, YamlNode? daysNode, YamlNode? startNode, YamlNode? endNode)
    {
        var zoneId = _source.Text(zoneNode ?? Missing(map, "timeZone", "(or from/to for a one-off window)"), map.FieldOf("timeZone"));
        TimeZoneInfo? zone = null;
        if (zoneId is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out zone))
        {
            _source.Error(zoneNode!, map.FieldOf("timeZone"), $"unknown time zone \"{zoneId}\" (use an IANA id such as Europe/Paris or UTC)");
        }

        List<DayOfWeek>? days = null;
        if (_source.StringList(daysNode, map.FieldOf("days")) is { } dayNames)
        {
            days = [];
            for (var i = 0; i < dayNames.Count; i++)
            {
                var dayNode = ((YamlSequenceNode)daysNode!).Children[i];
                if (_source.Enum(dayNode, $"{map.FieldOf("days")}[{i}]", s_days) is { } day)
                {
                    if (days.Contains(day))
                    {
                        _source.Error(dayNode, $"{map.FieldOf("days")}[{i}]", $"duplicate day {dayNames[i]}");
                    }

                    days.Add(day);
                }
            }
        }

        var start = ClockTime(startNode ?? Missing(map, "start"), map.FieldOf("start"), allowMidnightEnd: false);
        var end = ClockTime(endNode ?? Missing(map, "end"), map.FieldOf("end"), allowMidnightEnd: true);
        if (start is not null && start == end)
        {
            _source.Error(endNode!, map.FieldOf("end"), "must differ from start (use start: '00:00', end: '24:00' for a whole day)");
        }

        return window with { TimeZoneId = zoneId, TimeZone = zone, Days = days, Start = start, End = end };
    }

    private YamlNode? Missing(MappingReader map, string key, string hint = "")
    {
        _source.Error(map.Node, map.FieldOf(key), hint.Length == 0 ? "is required" : $"is required {hint}");
        return null;
    }

    private TimeSpan? ClockTime(YamlNode? node, string field, bool allowMidnightEnd)
    {
        var text = _source.String(node, field);
        if (text is null)
        {
            return null;
        }

        var match = ClockSyntax().Match(text);
        if (match.Success)
        {
            var time = new TimeSpan(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), 0);
            if (time < TimeSpan.FromHours(24) || (allowMidnightEnd && time == TimeSpan.FromHours(24)))
            {
                return time;
            }
        }

        _source.Error(node!, field, $"must be a local time HH:mm between 00:00 and {(allowMidnightEnd ? "24:00" : "23:59")} (got \"{text}\")");
        return null;
    }

    private DateTimeOffset? Timestamp(YamlNode? node, string field)
    {
        var text = _source.String(node, field);
        if (text is null)
        {
            return null;
        }

        if (TimestampSyntax().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return value;
        }

        _source.Error(node!, field, $"must be an ISO 8601 time with an offset, e.g. 2026-12-20T00:00:00Z (got \"{text}\")");
        return null;
    }

    [GeneratedRegex(@"\A([0-2][0-9]):([0-5][0-9])\z")]
    private static partial Regex ClockSyntax();

    [GeneratedRegex(@"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})\z")]
    private static partial Regex TimestampSyntax();
}
