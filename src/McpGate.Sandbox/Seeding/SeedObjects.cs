using System.Text.Json.Nodes;

namespace McpGate.Sandbox.Seeding;

/// <summary>Manifests of the default scenario, built as JSON the way a user would write them.</summary>
internal static class SeedObjects
{
    public static JsonObject Namespace(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject { ["name"] = name },
    };

    public static JsonObject Metadata(string ns, string name, string app) => new()
    {
        ["name"] = name,
        ["namespace"] = ns,
        ["labels"] = new JsonObject { ["app"] = app },
    };

    public static JsonObject PodTemplate(string app, string image, int port) => new()
    {
        ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = app } },
        ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray(Container(app, image, port)),
        },
    };

    public static JsonObject Container(string name, string image, int port)
    {
        var container = new JsonObject { ["name"] = name, ["image"] = image };
        if (port > 0)
        {
            container["ports"] = new JsonArray(new JsonObject { ["containerPort"] = port, ["protocol"] = "TCP" });
        }

        return container;
    }

    public static JsonObject MatchApp(string app) => new() { ["matchLabels"] = new JsonObject { ["app"] = app } };

    public static JsonObject Deployment(string ns, string app, string image, int replicas, int port) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = Metadata(ns, app, app),
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = MatchApp(app),
            ["template"] = PodTemplate(app, image, port),
        },
    };

    public static JsonObject Service(string ns, string app, int port, int targetPort) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = Metadata(ns, app, app),
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["app"] = app },
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = port, ["targetPort"] = targetPort, ["protocol"] = "TCP" }),
        },
    };

    public static JsonObject ConfigMap(string ns, string name, JsonObject data) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["data"] = data,
    };

    public static JsonObject Secret(string ns, string name, JsonObject stringData) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["type"] = "Opaque",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["stringData"] = stringData,
    };
}
