using System.Globalization;

namespace McpGate.Core.Manifests;

/// <summary>Fills a read's options (<c>operation.query</c>) from bound arguments.</summary>
internal static class ReadQueries
{
    public static ReadQuery Resolve(IReadOnlyDictionary<ReadOption, string> templates, BoundArguments arguments)
    {
        string? Text(ReadOption option) => Value(templates, option, arguments) switch
        {
            null => null,
            string s => s,
            var other => ValueText.Format(other),
        };

        int? Number(ReadOption option) => Value(templates, option, arguments) switch
        {
            null => null,
            long l => checked((int)Math.Clamp(l, int.MinValue, int.MaxValue)),
            string s => int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture),
            var other => throw new InvalidOperationException($"read option {option} holds {other.GetType().Name}; the manifest loader should have refused it."),
        };

        return new ReadQuery
        {
            LabelSelector = Text(ReadOption.LabelSelector),
            FieldSelector = Text(ReadOption.FieldSelector),
            Limit = Number(ReadOption.Limit),
            Continue = Text(ReadOption.Continue),
            Container = Text(ReadOption.Container),
            Previous = Value(templates, ReadOption.Previous, arguments) is true or "true",
            TailLines = Number(ReadOption.TailLines),
            SinceSeconds = Number(ReadOption.SinceSeconds),
            LimitBytes = Number(ReadOption.LimitBytes),
            Field = Text(ReadOption.Field),
            Revision = Number(ReadOption.Revision),
            InvolvedKind = Text(ReadOption.InvolvedKind),
            InvolvedName = Text(ReadOption.InvolvedName),
            ApiGroup = Text(ReadOption.ApiGroup),
            Namespaced = Value(templates, ReadOption.Namespaced, arguments) switch
            {
                null => null,
                var flag => flag is true or "true",
            },
            Verb = Text(ReadOption.Verb),
        };
    }

    /// <summary>The parameter's value (null when the call left it out) or the literal.</summary>
    private static object? Value(IReadOnlyDictionary<ReadOption, string> templates, ReadOption option, BoundArguments arguments)
    {
        if (!templates.TryGetValue(option, out var template))
        {
            return null;
        }

        return Placeholders.Whole(template) is { } name ? arguments[name] : template;
    }
}
