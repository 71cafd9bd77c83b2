namespace McpGate.Core.Policy;

/// <summary>What a rule selector list names, which decides its syntax.</summary>
internal enum SelectorKind
{
    /// <summary>Tool names: snake_case or <c>*</c>.</summary>
    Tool,

    /// <summary>Namespaces and clusters: names or prefix globs, compared as written.</summary>
    Name,

    /// <summary>Requesters: identities or prefix globs, in canonical form.</summary>
    Identity,
}
