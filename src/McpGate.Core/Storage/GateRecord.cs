using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpGate.Core.Storage;

/// <summary>
/// What a running gate loaded, written into its data directory at start so that the CLI, run
/// from any directory, uses the same policy as the gate that executes the change. One file per
/// cluster (several gates may share a data directory, one per cluster); the latest start wins.
/// Not a secret, and not trusted for anything but finding files: approvals are still checked
/// against whatever policy the CLI loads, and the gate re-checks them against its own.
/// </summary>
public sealed record GateRecord
{
    /// <summary>Absolute path of the policy directory the gate loaded.</summary>
    public required string PoliciesPath { get; init; }

    /// <summary>Absolute path of the tool manifest directory the gate loaded.</summary>
    public required string ManifestsPath { get; init; }

    /// <summary>The kubeconfig context name (a label).</summary>
    public required string Cluster { get; init; }

    /// <summary>The cluster's identity id, which the file is named by.</summary>
    public required string ClusterId { get; init; }

    public required int ProcessId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The record's file for a cluster id, in <paramref name="directory"/>.</summary>
    public static string PathFor(DataDirectory directory, string clusterId)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(clusterId);
        return System.IO.Path.Combine(directory.Path, $"gate-{DataDirectory.FileNamePart(clusterId)}.json");
    }

    /// <summary>Writes the record atomically (a temporary file, then a rename).</summary>
    /// <exception cref="IOException">The data directory cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The data directory cannot be written.</exception>
    public void Write(DataDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var path = PathFor(directory, ClusterId);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, GateRecordJsonContext.Default.GateRecord));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// The records in <paramref name="directory"/>, newest start first; files that are not a
    /// record (hand-edited, truncated) are left out.
    /// </summary>
    public static IReadOnlyList<GateRecord> ReadAll(DataDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory.Path))
        {
            return [];
        }

        var records = new List<GateRecord>();
        foreach (var file in Directory.EnumerateFiles(directory.Path, "gate-*.json"))
        {
            try
            {
                if (JsonSerializer.Deserialize(File.ReadAllText(file), GateRecordJsonContext.Default.GateRecord) is { } record
                    && System.IO.Path.IsPathFullyQualified(record.PoliciesPath)
                    && System.IO.Path.IsPathFullyQualified(record.ManifestsPath))
                {
                    records.Add(record);
                }
            }
            catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
            {
                // Not a record a gate wrote: ignored, the CLI falls back to its own resolution.
            }
        }

        return [.. records.OrderByDescending(r => r.StartedAt)];
    }

    [JsonIgnore]
    public string Description => $"recorded by the gate for cluster {Cluster} (pid {ProcessId}, started {StartedAt:u})";
}

/// <summary>The record's file format: camelCase, indented, source-generated.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(GateRecord))]
internal sealed partial class GateRecordJsonContext : JsonSerializerContext;
