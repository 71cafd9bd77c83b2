namespace McpGate.Kubernetes.Diagnostics;

/// <summary>Who RBAC grants go to: a user, or a service account in its namespace.</summary>
public sealed record RbacSubject
{
    private const string ServiceAccountPrefix = "system:serviceaccount:";

    public required string Name { get; init; }

    /// <summary>Set for a service account; null for a user.</summary>
    public string? ServiceAccountNamespace { get; init; }

    /// <summary>
    /// The subject for a username as the API server reports it: <c>system:serviceaccount:NS:NAME</c>
    /// is that service account, anything else a user.
    /// </summary>
    public static RbacSubject FromUsername(string username)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        if (username.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal)
            && username[ServiceAccountPrefix.Length..].Split(':') is [{ Length: > 0 } ns, { Length: > 0 } name])
        {
            return new RbacSubject { Name = name, ServiceAccountNamespace = ns };
        }

        return new RbacSubject { Name = username };
    }

    public override string ToString() => ServiceAccountNamespace is { } ns ? $"service account {ns}/{Name}" : $"user {Name}";
}
