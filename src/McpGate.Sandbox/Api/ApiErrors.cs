using McpGate.Sandbox.Resources;

namespace McpGate.Sandbox.Api;

/// <summary>The v1.Status failures the sandbox returns, worded as the real API server words them.</summary>
internal static class ApiErrors
{
    public static ApiStatus NotFound(ResourceDefinition definition, string name) => new()
    {
        Code = 404,
        Reason = "NotFound",
        Message = $"{definition.QualifiedResource} \"{name}\" not found",
        Name = name,
        Group = definition.Group,
        Kind = definition.Plural,
    };

    public static ApiStatus NamespaceNotFound(string ns) => new()
    {
        Code = 404,
        Reason = "NotFound",
        Message = $"namespaces \"{ns}\" not found",
        Name = ns,
        Kind = "namespaces",
    };

    public static ApiStatus PathNotFound() => new()
    {
        Code = 404,
        Reason = "NotFound",
        Message = "the server could not find the requested resource",
    };

    public static ApiStatus AlreadyExists(ResourceDefinition definition, string name) => new()
    {
        Code = 409,
        Reason = "AlreadyExists",
        Message = $"{definition.QualifiedResource} \"{name}\" already exists",
        Name = name,
        Group = definition.Group,
        Kind = definition.Plural,
    };

    public static ApiStatus Conflict(ResourceDefinition definition, string name, string detail) => new()
    {
        Code = 409,
        Reason = "Conflict",
        Message = $"Operation cannot be fulfilled on {definition.QualifiedResource} \"{name}\": {detail}",
        Name = name,
        Group = definition.Group,
        Kind = definition.Plural,
    };

    public static ApiStatus Modified(ResourceDefinition definition, string name) =>
        Conflict(definition, name, "the object has been modified; please apply your changes to the latest version and try again");

    public static ApiStatus Invalid(string qualifiedKind, string group, string kind, string name, IReadOnlyList<StatusCause> causes)
    {
        var described = causes.Count == 1
            ? causes[0].Describe()
            : "[" + string.Join(", ", causes.Select(c => c.Describe())) + "]";
        return new ApiStatus
        {
            Code = 422,
            Reason = "Invalid",
            Message = $"{qualifiedKind} \"{name}\" is invalid: {described}",
            Name = name,
            Group = group,
            Kind = kind,
            Causes = causes,
        };
    }

    public static ApiStatus Invalid(ResourceDefinition definition, string name, IReadOnlyList<StatusCause> causes) =>
        Invalid(definition.QualifiedKind, definition.Group, definition.Kind, name, causes);

    public static ApiStatus BadRequest(string message) => new()
    {
        Code = 400,
        Reason = "BadRequest",
        Message = message,
    };

    public static ApiStatus Unauthorized() => new()
    {
        Code = 401,
        Reason = "Unauthorized",
        Message = "Unauthorized",
    };

    public static ApiStatus MethodNotAllowed() => new()
    {
        Code = 405,
        Reason = "MethodNotAllowed",
        Message = "the server does not allow this method on the requested resource",
    };

    public static ApiStatus UnsupportedMediaType(string contentType, IEnumerable<string> accepted) => new()
    {
        Code = 415,
        Reason = "UnsupportedMediaType",
        Message = $"the body of the request was in an unknown format ({contentType}) - accepted media types include: {string.Join(", ", accepted)}",
    };

    public static ApiStatus InternalError(string message) => new()
    {
        Code = 500,
        Reason = "InternalError",
        Message = $"Internal error occurred: {message}",
    };

    public static ApiStatus TooManyRequests(long retryAfterSeconds) => new()
    {
        Code = 429,
        Reason = "TooManyRequests",
        Message = "The server has received too many requests and has asked us to try again later",
        RetryAfterSeconds = retryAfterSeconds,
    };

    /// <summary>
    /// An injected fault with the Status reason a real API server sends with that code, so a client
    /// maps it as it would the real one (a 403 is Forbidden, not a server error). A 5xx without a
    /// reason of its own is InternalError; a 4xx without one has no reason (StatusReasonUnknown).
    /// </summary>
    public static ApiStatus ServerFault(int code) => code switch
    {
        400 => Fault(code, "BadRequest", "the request was malformed (injected fault)"),
        401 => Unauthorized(),
        403 => Fault(code, "Forbidden", "forbidden: the request was refused (injected fault)"),
        404 => Fault(code, "NotFound", "the server could not find the requested resource (injected fault)"),
        405 => MethodNotAllowed(),
        409 => Fault(code, "Conflict", "Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again (injected fault)"),
        410 => Expired("too old resource version (injected fault)"),
        413 => Fault(code, "RequestEntityTooLarge", "Request entity too large (injected fault)"),
        415 => Fault(code, "UnsupportedMediaType", "the body of the request was in an unknown format (injected fault)"),
        422 => Fault(code, "Invalid", "the object is invalid (injected fault)"),
        429 => TooManyRequests(1),
        503 => Fault(code, "ServiceUnavailable", "The server is currently unable to handle the request"),
        504 => Fault(code, "Timeout", "The server was unable to return a response in the time allotted, but may still be processing the request"),
        >= 500 => Fault(code, "InternalError", "Internal error occurred: injected fault"),
        _ => Fault(code, string.Empty, $"the server responded with the status code {code} (injected fault)"),
    };

    private static ApiStatus Fault(int code, string reason, string message) => new() { Code = code, Reason = reason, Message = message };

    /// <summary>403 as the authorizer words it: "deployments.apps "web" is forbidden: User "u" cannot patch resource ...".</summary>
    public static ApiStatus Forbidden(string user, string verb, string group, string plural, string? name, string? ns)
    {
        var qualified = group.Length == 0 ? plural : $"{plural}.{group}";
        var subject = name is null ? qualified : $"{qualified} \"{name}\"";
        var scope = ns is null ? " at the cluster scope" : $" in the namespace \"{ns}\"";
        return new ApiStatus
        {
            Code = 403,
            Reason = "Forbidden",
            Message = $"{subject} is forbidden: User \"{user}\" cannot {verb} resource \"{plural}\" in API group \"{group}\"{scope}",
            Name = name,
            Group = group,
            Kind = plural,
        };
    }

    public static ApiStatus Expired(string message) => new()
    {
        Code = 410,
        Reason = "Expired",
        Message = message,
    };
}
