using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Reads.Views;

namespace McpGate.Core.Reads.Describe;

/// <summary>A pod: node, status, IP, owner and conditions; its containers with image, state, last state, readiness and restarts.</summary>
public sealed class PodDescriber : IObjectDescriber
{
    private static readonly string[] s_columns = ["CONTAINER", "IMAGE", "STATE", "LAST STATE", "READY", "RESTARTS"];

    public Task<IReadOnlyList<DescribeSection>> DescribeAsync(JsonObject obj, ReadTarget target, ReadContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var status = obj["status"];
        var owner = ObjectFields.Objects(obj["metadata"]?["ownerReferences"]).FirstOrDefault(o => ObjectFields.Flag(o["controller"]) == true);
        var facts = new StringBuilder();
        facts.Append("Node:         ").Append(ObjectFields.Text(obj["spec"]?["nodeName"]) ?? "<none>").Append('\n');
        facts.Append("Status:       ").Append(PodStates.Status(obj)).Append('\n');
        facts.Append("IP:           ").Append(ObjectFields.Text(status?["podIP"]) ?? "<none>").Append('\n');
        if (owner is not null)
        {
            facts.Append("Controlled By: ").Append(ObjectFields.Text(owner["kind"])).Append('/').Append(ObjectFields.Text(owner["name"])).Append('\n');
        }

        var conditions = ObjectFields.Objects(status?["conditions"]).ToList();
        if (conditions.Count > 0)
        {
            facts.Append("Conditions:   ").Append(string.Join(", ", conditions.Select(c => $"{ObjectFields.Text(c["type"])}={ObjectFields.Text(c["status"])}"))).Append('\n');
        }

        var statuses = ObjectFields.Objects(status?["containerStatuses"]).ToDictionary(s => ObjectFields.Text(s["name"]) ?? string.Empty, StringComparer.Ordinal);
        var containers = ObjectFields.Objects(obj["spec"]?["initContainers"]).Select(c => (Container: c, Init: true))
            .Concat(ObjectFields.Objects(obj["spec"]?["containers"]).Select(c => (Container: c, Init: false)))
            .ToList();
        var initStatuses = ObjectFields.Objects(status?["initContainerStatuses"]).ToDictionary(s => ObjectFields.Text(s["name"]) ?? string.Empty, StringComparer.Ordinal);
        var rows = new List<IReadOnlyList<string>>();
        var data = new JsonArray();
        foreach (var (container, init) in containers)
        {
            var name = ObjectFields.Text(container["name"]) ?? string.Empty;
            var s = (init ? initStatuses : statuses).GetValueOrDefault(name);
            var state = PodStates.State(s?["state"]);
            var last = PodStates.State(s?["lastState"]);
            var restarts = ObjectFields.Number(s?["restartCount"]) ?? 0;
            var ready = ObjectFields.Flag(s?["ready"]) ?? false;
            rows.Add([init ? $"{name} (init)" : name, ObjectFields.Text(container["image"]) ?? string.Empty, state, last, ready ? "true" : "false", restarts.ToString(CultureInfo.InvariantCulture)]);
            data.Add((JsonNode)new JsonObject
            {
                ["name"] = name,
                ["init"] = init,
                ["image"] = container["image"]?.DeepClone(),
                ["state"] = state,
                ["lastState"] = last,
                ["ready"] = ready,
                ["restartCount"] = restarts,
                ["stateDetail"] = s?["state"] is JsonObject st ? Redaction.Redact(st) : null,
                ["lastStateDetail"] = s?["lastState"] is JsonObject ls ? Redaction.Redact(ls) : null,
            });
        }

        IReadOnlyList<DescribeSection> sections =
        [
            new DescribeSection(string.Empty, facts.ToString(), new JsonObject
            {
                ["node"] = obj["spec"]?["nodeName"]?.DeepClone(),
                ["status"] = PodStates.Status(obj),
                ["phase"] = status?["phase"]?.DeepClone(),
                ["podIP"] = status?["podIP"]?.DeepClone(),
                ["controlledBy"] = owner is null ? null : $"{ObjectFields.Text(owner["kind"])}/{ObjectFields.Text(owner["name"])}",
                ["conditions"] = new JsonArray([.. conditions.Select(c => (JsonNode)Redaction.Redact(c))]),
            }),
            new DescribeSection("Containers", TextTable.Render(s_columns, rows), data),
        ];
        return Task.FromResult(sections);
    }
}
