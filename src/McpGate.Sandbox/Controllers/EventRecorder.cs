using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;
using McpGate.Sandbox.Resources.Core;

namespace McpGate.Sandbox.Controllers;

/// <summary>
/// Records core/v1 Events about objects, as controllers and the kubelet do; a repeat of the same
/// reason and message for the same object bumps count and lastTimestamp instead of adding one.
/// </summary>
internal sealed class EventRecorder
{
    private readonly ObjectService _objects;
    private readonly Dictionary<string, (string Namespace, string Name)> _recorded = new(StringComparer.Ordinal);
    private long _sequence;

    public EventRecorder(ObjectService objects)
    {
        _objects = objects;
    }

    public void Normal(ResourceDefinition definition, JsonObject involved, string component, string reason, string message, string? fieldPath = null) =>
        Record(definition, involved, "Normal", component, reason, message, fieldPath);

    public void Warning(ResourceDefinition definition, JsonObject involved, string component, string reason, string message, string? fieldPath = null) =>
        Record(definition, involved, "Warning", component, reason, message, fieldPath);

    private void Record(ResourceDefinition definition, JsonObject involved, string type, string component, string reason, string message, string? fieldPath)
    {
        var ns = definition.Namespaced ? ObjectMeta.Namespace(involved) : "default";
        var now = Timestamps.Format(_objects.Now);
        var key = string.Join('\n', ObjectMeta.Uid(involved), type, reason, message, fieldPath);
        try
        {
            if (_recorded.TryGetValue(key, out var existing))
            {
                var bumped = ControllerContext.TryWrite(() => _objects.Update(CoreResources.Events, existing.Namespace, existing.Name, e =>
                {
                    e["count"] = (JsonFields.Integer(e, "count") ?? 1) + 1;
                    e["lastTimestamp"] = now;
                    return e;
                }, dryRun: false));
                if (bumped is not null)
                {
                    return;
                }
            }

            var name = string.Create(CultureInfo.InvariantCulture,
                $"{ObjectMeta.Name(involved)}.{_objects.Now.ToUnixTimeMilliseconds() * 1000 + Interlocked.Increment(ref _sequence) % 1000:x}");
            var involvedObject = new JsonObject
            {
                ["kind"] = definition.Kind,
                ["namespace"] = definition.Namespaced ? ns : null,
                ["name"] = ObjectMeta.Name(involved),
                ["uid"] = ObjectMeta.Uid(involved),
                ["apiVersion"] = definition.ApiVersion,
                ["resourceVersion"] = JsonFields.String(involved, "metadata", "resourceVersion"),
            };
            if (!definition.Namespaced)
            {
                involvedObject.Remove("namespace");
            }

            if (fieldPath is not null)
            {
                involvedObject["fieldPath"] = fieldPath;
            }

            _objects.Create(CoreResources.Events, ns, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Event",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
                ["involvedObject"] = involvedObject,
                ["reason"] = reason,
                ["message"] = message,
                ["source"] = new JsonObject { ["component"] = component },
                ["firstTimestamp"] = now,
                ["lastTimestamp"] = now,
                ["count"] = 1,
                ["type"] = type,
                ["eventTime"] = null,
                ["reportingComponent"] = component,
                ["reportingInstance"] = string.Empty,
            }, dryRun: false);
            _recorded[key] = (ns, name);
        }
        catch (ApiException)
        {
            // The namespace is going away: the event has nowhere to live.
        }
    }
}
