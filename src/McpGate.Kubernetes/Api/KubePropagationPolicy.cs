namespace McpGate.Kubernetes.Api;

/// <summary><c>propagationPolicy</c> of a DELETE: what happens to the object's dependents.</summary>
public enum KubePropagationPolicy
{
    /// <summary>Delete the object now and its dependents in the background (the default for most resources).</summary>
    Background = 0,

    /// <summary>Delete the dependents first; the object stays (with a finalizer) until they are gone.</summary>
    Foreground,

    /// <summary>Leave the dependents behind, without an owner.</summary>
    Orphan,
}
