namespace McpGate.Kubernetes.Tests.Support;

/// <summary>One canned HTTP answer of <see cref="ScriptedHttpServer"/>; <see cref="Hang"/> never answers.</summary>
internal sealed record ScriptedResponse(int StatusCode, string Body = "{}", IReadOnlyDictionary<string, string>? Headers = null, bool Hang = false)
{
    public static ScriptedResponse Ok(string body = """{"kind":"Deployment","metadata":{"name":"web"}}""") => new(200, body);

    public static ScriptedResponse Status(int code, string reason, string message) =>
        new(code, $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"{{reason}}","message":"{{message}}","code":{{code}}}""");
}
