using System.Text.Json;

namespace McpGate.Server.Transport;

/// <summary>
/// Reads a message once with a strict reader, before any deserialiser sees it: reports a syntax
/// error, or the first object holding the same key twice. Keys are compared after JSON unescaping
/// and ignoring case, because the SDK binds protocol fields case-insensitively while the gate's
/// argument binder is case-sensitive: "replicas" beside "Replicas" (or "repl\u0069cas") would mean
/// one thing to one reader and another to the next.
/// </summary>
internal static class JsonKeyScan
{
    public const int MaxDepth = 64;

    /// <returns>Null when the text is one well-formed JSON value with no duplicate keys.</returns>
    public static JsonKeyProblem? Scan(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        var frames = new Stack<Frame>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        frames.Push(new Frame(ChildPath(frames), new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)));
                        break;
                    case JsonTokenType.StartArray:
                        frames.Push(new Frame(ChildPath(frames), null));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.Pop();
                        Advance(frames);
                        break;
                    case JsonTokenType.PropertyName:
                        var frame = frames.Peek();
                        var name = reader.GetString()!;
                        if (frame.Keys!.TryGetValue(name, out var first))
                        {
                            return JsonKeyProblem.Duplicate(frame.Path, first, name);
                        }

                        frame.Keys.Add(name, name);
                        frame.Property = name;
                        break;
                    default:
                        Advance(frames);
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            return JsonKeyProblem.Syntax(ex.Message);
        }

        return null;
    }

    private static string ChildPath(Stack<Frame> frames)
    {
        if (frames.Count == 0)
        {
            return string.Empty;
        }

        var parent = frames.Peek();
        var segment = parent.Keys is null ? $"[{parent.Index}]" : parent.Property ?? string.Empty;
        return parent.Path.Length == 0 || segment.StartsWith('[') ? parent.Path + segment : $"{parent.Path}.{segment}";
    }

    private static void Advance(Stack<Frame> frames)
    {
        if (frames.TryPeek(out var parent) && parent.Keys is null)
        {
            parent.Index++;
        }
    }

    private sealed class Frame(string path, Dictionary<string, string>? keys)
    {
        public string Path { get; } = path;

        public Dictionary<string, string>? Keys { get; } = keys;

        public string? Property { get; set; }

        public int Index { get; set; }
    }
}
