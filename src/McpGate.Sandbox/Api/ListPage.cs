using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;

namespace McpGate.Sandbox.Api;

/// <summary>
/// <c>limit</c> / <c>continue</c> paging as the API server does it: items in key order
/// (namespace, then name), an opaque continue token naming the list's resourceVersion and the
/// last key served, and <c>remainingItemCount</c>. Unlike etcd, later pages read the current
/// state, not a snapshot at the first page's resourceVersion.
/// </summary>
internal sealed record ListPage
{
    private ListPage(IReadOnlyList<JsonObject> items, long revision, string? continueToken, long? remaining)
    {
        Items = items;
        Revision = revision;
        Continue = continueToken;
        Remaining = remaining;
    }

    public IReadOnlyList<JsonObject> Items { get; }

    /// <summary>The list's resourceVersion: the first page's, carried by the token.</summary>
    public long Revision { get; }

    public string? Continue { get; }

    public long? Remaining { get; }

    /// <exception cref="ApiException">400 for a bad limit or continue token.</exception>
    public static ListPage Select(IEnumerable<JsonObject> selected, long revision, string? limitText, string? continueText)
    {
        var limit = 0L;
        if (!string.IsNullOrEmpty(limitText)
            && (!long.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 0))
        {
            throw new ApiException(ApiErrors.BadRequest($"limit must be a non-negative integer (got \"{limitText}\")"));
        }

        string? after = null;
        if (!string.IsNullOrEmpty(continueText))
        {
            (revision, after) = Decode(continueText);
        }

        var ordered = selected
            .Select(item => (Key: Key(item), Item: item))
            .Where(e => after is null || string.CompareOrdinal(e.Key, after) > 0)
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .ToList();
        if (limit == 0 || ordered.Count <= limit)
        {
            return new ListPage([.. ordered.Select(e => e.Item)], revision, null, null);
        }

        var page = ordered.Take((int)limit).ToList();
        return new ListPage([.. page.Select(e => e.Item)], revision, Encode(revision, page[^1].Key), ordered.Count - limit);
    }

    /// <summary>Sets <c>continue</c> and <c>remainingItemCount</c> on a list or table's metadata.</summary>
    public void Annotate(JsonObject listMetadata)
    {
        ArgumentNullException.ThrowIfNull(listMetadata);
        if (Continue is not null)
        {
            listMetadata["continue"] = Continue;
            listMetadata["remainingItemCount"] = Remaining;
        }
    }

    private static string Key(JsonObject item) =>
        $"{JsonFields.String(item, "metadata", "namespace")}/{JsonFields.String(item, "metadata", "name")}";

    private static string Encode(long revision, string lastKey)
    {
        var json = new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = revision, ["start"] = lastKey }.ToJsonString();
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static (long Revision, string After) Decode(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var node = JsonNode.Parse(Convert.FromBase64String(base64)) as JsonObject;
            var revision = node?["rv"]?.GetValue<long>();
            var start = node?["start"]?.GetValue<string>();
            if (node?["v"]?.GetValue<string>() == "meta.k8s.io/v1" && revision is { } rv && start is not null)
            {
                return (rv, start);
            }
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            // Reported below as the API server does.
        }

        throw new ApiException(ApiErrors.BadRequest("continue key is not valid: the token is malformed; list again without continue"));
    }
}
