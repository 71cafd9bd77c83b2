using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources.Core;

namespace McpGate.Sandbox.Seeding;

/// <summary>Two Ready worker nodes, so kubectl get nodes, cordon and describe have something real to show.</summary>
internal static class NodeSeed
{
    public static void Apply(ObjectService objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        for (var i = 1; i <= 2; i++)
        {
            var name = $"sandbox-worker-{i}";
            var now = Timestamps.Format(objects.Now);
            objects.Create(CoreResources.Nodes, null, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Node",
                ["metadata"] = new JsonObject
                {
                    ["name"] = name,
                    ["labels"] = new JsonObject
                    {
                        ["kubernetes.io/hostname"] = name,
                        ["kubernetes.io/os"] = "linux",
                        ["kubernetes.io/arch"] = "amd64",
                    },
                },
                ["spec"] = new JsonObject { ["podCIDR"] = $"10.244.{i}.0/24" },
                ["status"] = new JsonObject
                {
                    ["conditions"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "Ready",
                        ["status"] = "True",
                        ["reason"] = "KubeletReady",
                        ["message"] = "kubelet is posting ready status",
                        ["lastHeartbeatTime"] = now,
                        ["lastTransitionTime"] = now,
                    }),
                    ["addresses"] = new JsonArray(
                        new JsonObject { ["type"] = "InternalIP", ["address"] = $"172.18.0.{i + 1}" },
                        new JsonObject { ["type"] = "Hostname", ["address"] = name }),
                    ["capacity"] = new JsonObject { ["cpu"] = "4", ["memory"] = "8Gi", ["pods"] = "110" },
                    ["allocatable"] = new JsonObject { ["cpu"] = "4", ["memory"] = "8Gi", ["pods"] = "110" },
                    ["nodeInfo"] = new JsonObject
                    {
                        ["kubeletVersion"] = "v1.32.0",
                        ["containerRuntimeVersion"] = "containerd://1.7.24",
                        ["osImage"] = "McpGate sandbox",
                        ["operatingSystem"] = "linux",
                        ["architecture"] = "amd64",
                    },
                },
            }, dryRun: false);
        }
    }
}
