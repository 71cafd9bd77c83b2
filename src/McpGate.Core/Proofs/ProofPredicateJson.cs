using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace McpGate.Core.Proofs;

/// <summary>
/// Writes and reads <see cref="ProofPredicate"/> through <see cref="ProofPredicateJsonContext"/>. Reading
/// names the first member that is missing or of the wrong form, by its path from <c>predicate</c>.
/// </summary>
internal static class ProofPredicateJson
{
    private static JsonSerializerOptions Options => ProofPredicateJsonContext.Default.Options;

    public static JsonNode Write(ProofPredicate predicate) =>
        JsonSerializer.SerializeToNode(predicate, ProofPredicateJsonContext.Default.ProofPredicate)!;

    /// <exception cref="FormatException">A member is missing or of the wrong form; the message names it (<c>predicate.policy.rule is missing</c>).</exception>
    public static ProofPredicate Read(JsonNode? predicate)
    {
        if (predicate is null)
        {
            throw new FormatException("predicate is missing");
        }

        RequireMembers(predicate, ProofPredicateJsonContext.Default.ProofPredicate, "predicate");
        try
        {
            return predicate.Deserialize(ProofPredicateJsonContext.Default.ProofPredicate)
                ?? throw new FormatException("predicate is missing");
        }
        catch (JsonException ex)
        {
            var where = ex.Path is null or "$" ? "predicate" : "predicate" + ex.Path[1..];
            var reason = ex.Message.Split(" Path: ")[0];
            throw new FormatException($"{where}: {reason}", ex);
        }
    }

    /// <summary>Whether two parts of a predicate would be signed as the same JSON.</summary>
    public static bool Same<T>(T? expected, T? signed)
    {
        if (expected is null || signed is null)
        {
            return expected is null && signed is null;
        }

        var info = Options.GetTypeInfo(typeof(T));
        return JsonNode.DeepEquals(JsonSerializer.SerializeToNode(expected, info), JsonSerializer.SerializeToNode(signed, info));
    }

    /// <summary>
    /// Walks <paramref name="node"/> along the typed contract: every member the record declares
    /// <c>required</c> must be present (and not <c>null</c> unless its type allows it), and no list
    /// holds a <c>null</c>. A member of the wrong JSON kind is left to the deserializer to name.
    /// </summary>
    private static void RequireMembers(JsonNode node, JsonTypeInfo type, string path)
    {
        if (node is not JsonObject json || type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in type.Properties)
        {
            if (property.IsRequired && (!json.TryGetPropertyValue(property.Name, out var value) || (value is null && !property.IsSetNullable)))
            {
                throw new FormatException($"{path}.{property.Name} is missing");
            }
        }

        foreach (var property in type.Properties)
        {
            if (property.CustomConverter is not null || json[property.Name] is not { } value)
            {
                continue;
            }

            var memberType = Options.GetTypeInfo(property.PropertyType);
            if (memberType.Kind == JsonTypeInfoKind.Enumerable && memberType.ElementType is { } elementType && value is JsonArray items)
            {
                var elementInfo = Options.GetTypeInfo(elementType);
                for (var i = 0; i < items.Count; i++)
                {
                    var item = items[i] ?? throw new FormatException($"{path}.{property.Name}[{i}] is null");
                    RequireMembers(item, elementInfo, $"{path}.{property.Name}[{i}]");
                }
            }
            else
            {
                RequireMembers(value, memberType, $"{path}.{property.Name}");
            }
        }
    }
}
