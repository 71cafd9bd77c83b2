using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGate.Server.Transport;

/// <summary>
/// Checks the params of the methods the gate serves against the SDK's own types before the SDK
/// binds them, so a wrong type is answered with -32602 naming the field instead of the SDK's
/// generic -32603 "An error occurred.".
/// </summary>
internal static class KnownParams
{
    private static readonly Dictionary<string, (Type Type, bool Required)> s_methods = new(StringComparer.Ordinal)
    {
        [RequestMethods.Initialize] = (typeof(InitializeRequestParams), true),
        [RequestMethods.ServerDiscover] = (typeof(DiscoverRequestParams), false),
        [RequestMethods.ToolsList] = (typeof(ListToolsRequestParams), false),
        [RequestMethods.ToolsCall] = (typeof(CallToolRequestParams), true),
        [RequestMethods.ResourcesList] = (typeof(ListResourcesRequestParams), false),
        [RequestMethods.ResourcesTemplatesList] = (typeof(ListResourceTemplatesRequestParams), false),
        [RequestMethods.ResourcesRead] = (typeof(ReadResourceRequestParams), true),
        [RequestMethods.PromptsList] = (typeof(ListPromptsRequestParams), false),
        [RequestMethods.PromptsGet] = (typeof(GetPromptRequestParams), true),
        [NotificationMethods.CancelledNotification] = (typeof(CancelledNotificationParams), true),
        [NotificationMethods.ProgressNotification] = (typeof(ProgressNotificationParams), true),
    };

    /// <returns>Null when the params bind; otherwise what is wrong, naming the field.</returns>
    public static string? Check(string method, JsonElement? parameters)
    {
        if (!s_methods.TryGetValue(method, out var known))
        {
            return null;
        }

        if (parameters is null || parameters.Value.ValueKind == JsonValueKind.Null)
        {
            return known.Required ? "'params' is required" : null;
        }

        var typeInfo = McpJsonUtilities.DefaultOptions.GetTypeInfo(known.Type);
        try
        {
            return parameters.Value.Deserialize(typeInfo) is null && known.Required ? "'params' is required" : null;
        }
        catch (JsonException ex)
        {
            return Describe(ex, typeInfo);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or ArgumentException)
        {
            return $"'params' could not be read: {ex.Message}";
        }
    }

    private static string Describe(JsonException ex, JsonTypeInfo typeInfo)
    {
        const string missing = "missing required properties including: ";
        var at = ex.Message.IndexOf(missing, StringComparison.Ordinal);
        if (at >= 0)
        {
            var names = ex.Message[(at + missing.Length)..].TrimEnd('.', ' ');
            return $"missing required field {names} in 'params'";
        }

        var path = ex.Path is { Length: > 1 } p && p.StartsWith("$.", StringComparison.Ordinal) ? "params." + p[2..] : "params";
        var expected = path == "params" ? "an object" : Expected(typeInfo, path["params.".Length..]);
        return expected is null
            ? $"'{ControlText.Escape(path)}' has the wrong type"
            : $"'{ControlText.Escape(path)}' must be {expected}";
    }

    private static string? Expected(JsonTypeInfo typeInfo, string field)
    {
        var end = field.IndexOfAny(['.', '[']);
        var first = end < 0 ? field : field[..end];
        var property = typeInfo.Properties.FirstOrDefault(x => string.Equals(x.Name, first, StringComparison.OrdinalIgnoreCase));
        return property is null || end >= 0 ? null : Kind(property.PropertyType);
    }

    private static string? Kind(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return "a string";
        }

        if (type == typeof(bool))
        {
            return "a boolean";
        }

        if (type.IsPrimitive || type == typeof(decimal))
        {
            return "a number";
        }

        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => JsonNamingPolicy.CamelCase.ConvertName(n)));
        }

        // The serializer's own contract says what the type is on the wire, without reflecting over it.
        return McpJsonUtilities.DefaultOptions.GetTypeInfo(type).Kind switch
        {
            JsonTypeInfoKind.Dictionary or JsonTypeInfoKind.Object => "an object",
            JsonTypeInfoKind.Enumerable => "an array",
            _ => type.IsClass ? "an object" : null,
        };
    }
}
