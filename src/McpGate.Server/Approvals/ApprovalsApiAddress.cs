using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Storage;

namespace McpGate.Server.Approvals;

/// <summary>
/// <c>approvals-api.json</c> in the data directory: where the running gate's approval API listens,
/// so that the CLI on the same host finds it without <c>--server</c>. It holds no secret.
/// </summary>
public static class ApprovalsApiAddress
{
    public const string FileName = "approvals-api.json";

    public static string PathIn(DataDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return Path.Combine(directory.Path, FileName);
    }

    /// <summary>Writes the file atomically (a temporary file renamed over it).</summary>
    public static void Write(DataDirectory directory, Uri url, DateTimeOffset startedAt)
    {
        ArgumentNullException.ThrowIfNull(url);
        var path = PathIn(directory);
        var json = new JsonObject
        {
            ["url"] = url.ToString(),
            ["processId"] = Environment.ProcessId,
            ["startedAt"] = startedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        }.ToJsonString();
        var temporary = $"{path}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.tmp";
        File.WriteAllText(temporary, json + "\n");
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Removes the file if it still names <paramref name="url"/> (another gate may have replaced it since).</summary>
    public static void RemoveIfOwn(DataDirectory directory, Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (TryRead(directory) == url)
        {
            try
            {
                File.Delete(PathIn(directory));
            }
            catch (IOException)
            {
                // A stale file is harmless: the CLI tries the address and falls back when nothing answers.
            }
        }
    }

    /// <summary>The published URL, or null when there is no readable file with an http(s) URL.</summary>
    public static Uri? TryRead(DataDirectory directory)
    {
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(PathIn(directory)));
            return node?["url"]?.GetValue<string>() is { } text && Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                ? url
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
