namespace McpGate.Kubernetes.Tests.Support;

/// <summary>
/// One canned HTTP answer of <see cref="ScriptedHttpServer"/>; <see cref="Hang"/> never answers;
/// <see cref="HangAfterHeaders"/> sends the headers and the body, then keeps the stream open and silent.
/// </summary>
internal sealed record ScriptedResponse(int StatusCode, string Body = "{}", IReadOnlyDictionary<string, string>? Headers = null, bool Hang = false, bool HangAfterHeaders = false)
{
    public static ScriptedResponse Ok(string body = """{"kind":"Deployment","metadata":{"name":"web"}}""") => new(200, body);

    public static ScriptedResponse Status(int code, string reason, string message) =>
        new(code, $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"{{reason}}","message":"{{message}}","code":{{code}}}""");
}
