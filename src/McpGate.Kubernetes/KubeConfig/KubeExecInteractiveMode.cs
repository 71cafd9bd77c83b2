namespace McpGate.Kubernetes.KubeConfig;

/// <summary><c>user.exec.interactiveMode</c>: whether the plugin may prompt on a terminal.</summary>
public enum KubeExecInteractiveMode
{
    /// <summary>Prompt only when a terminal is available; McpGate has none, so the plugin runs non-interactively.</summary>
    IfAvailable = 0,

    /// <summary>Never prompt.</summary>
    Never,

    /// <summary>Needs a terminal; refused because McpGate runs without one.</summary>
    Always,
}
