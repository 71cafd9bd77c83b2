using System.Text.Json.Nodes;

namespace McpGate.Core.Tests.Diff;

/// <summary>Objects as the API server returns them, for the diff and applied-fields tables.</summary>
internal static class KubeObjects
{
    /// <summary>A deployment <c>demo/web</c> with two containers, <c>web</c> and <c>sidecar</c>.</summary>
    public const string Deployment = """
        {
          "apiVersion": "apps/v1",
          "kind": "Deployment",
          "metadata": {
            "name": "web", "namespace": "demo", "uid": "0b5c", "resourceVersion": "18", "generation": 3,
            "creationTimestamp": "2026-11-30T10:00:00Z",
            "labels": { "app": "web" },
            "annotations": { "deployment.kubernetes.io/revision": "3" },
            "managedFields": [ { "manager": "kubectl", "operation": "Update", "time": "2026-11-30T10:00:00Z" } ]
          },
          "spec": {
            "replicas": 2,
            "selector": { "matchLabels": { "app": "web" } },
            "template": {
              "metadata": { "labels": { "app": "web" } },
              "spec": {
                "containers": [
                  {
                    "name": "web", "image": "nginx:1.27", "args": ["--port", "80"],
                    "ports": [ { "containerPort": 80, "protocol": "TCP", "name": "http" } ],
                    "env": [ { "name": "MODE", "value": "prod" }, { "name": "LOG", "value": "info" } ],
                    "volumeMounts": [ { "name": "data", "mountPath": "/data" } ]
                  },
                  { "name": "sidecar", "image": "envoy:1.30" }
                ],
                "volumes": [ { "name": "data", "emptyDir": {} } ],
                "tolerations": [ { "key": "spot", "operator": "Exists", "effect": "NoSchedule" } ]
              }
            }
          },
          "status": { "replicas": 2, "readyReplicas": 2, "observedGeneration": 3 }
        }
        """;

    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    public static JsonObject Web() => Parse(Deployment);

    /// <summary>The deployment after <paramref name="edit"/>.</summary>
    public static JsonObject Web(Action<JsonObject> edit)
    {
        var web = Web();
        edit(web);
        return web;
    }

    public static JsonObject PodSpec(JsonObject deployment) => deployment["spec"]!["template"]!["spec"]!.AsObject();

    public static JsonArray Containers(JsonObject deployment) => PodSpec(deployment)["containers"]!.AsArray();

    public static JsonObject Container(JsonObject deployment, string name) =>
        Containers(deployment).Single(c => c!["name"]!.GetValue<string>() == name)!.AsObject();
}
