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
}
