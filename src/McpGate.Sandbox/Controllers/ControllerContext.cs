using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;
using Microsoft.Extensions.Logging;

namespace McpGate.Sandbox.Controllers;

/// <summary>What every simulated controller shares: the objects, the clock, events, wake-up times.</summary>
internal sealed class ControllerContext
{
    public ControllerContext(ObjectService objects, TimeProvider timeProvider, TimeSpan podReadyDelay, ILogger logger)
    {
        Objects = objects;
        TimeProvider = timeProvider;
        PodReadyDelay = podReadyDelay;
        Logger = logger;
        Events = new EventRecorder(objects);
    }

    public ObjectService Objects { get; }

    public TimeProvider TimeProvider { get; }

    public TimeSpan PodReadyDelay { get; }

    public ILogger Logger { get; }

    public EventRecorder Events { get; }

    public DueTimes Due { get; } = new();

    /// <summary>True during <see cref="ControllerManager.Settle"/>: pods start at once, as if long rolled out.</summary>
    public bool Immediate { get; set; }

    public DateTimeOffset Now => TimeProvider.GetUtcNow();

    public IReadOnlyList<JsonObject> List(ResourceDefinition definition) => Objects.List(definition, null).Items;

    /// <summary>Runs a write; an object that vanished or changed meanwhile is left to the next pass.</summary>
    public static JsonObject? TryWrite(Func<JsonObject> write)
    {
        try
        {
            return write();
        }
        catch (ApiException)
        {
            return null;
        }
    }

    public JsonObject? UpdateStatus(ResourceDefinition definition, JsonObject obj, JsonObject status) =>
        JsonNode.DeepEquals(status, obj["status"])
            ? null
            : TryWrite(() => Objects.Update(definition, ObjectMeta.Namespace(obj), ObjectMeta.Name(obj), latest =>
            {
                latest["status"] = status;
                return latest;
            }, dryRun: false));

    public JsonObject? Delete(ResourceDefinition definition, JsonObject obj, string? propagationPolicy = null) =>
        TryWrite(() => Objects.Delete(
            definition, ObjectMeta.Namespace(obj), ObjectMeta.Name(obj), new DeletePreconditions(ObjectMeta.Uid(obj), null), dryRun: false, propagationPolicy).Object);
}
