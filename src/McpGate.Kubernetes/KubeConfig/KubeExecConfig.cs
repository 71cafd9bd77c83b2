using System.Text;

namespace McpGate.Kubernetes.KubeConfig;

/// <summary>
/// <c>user.exec</c>: a credential plugin (aws, gke-gcloud-auth-plugin, kubelogin, oc...) that prints
/// a <c>client.authentication.k8s.io</c> ExecCredential with a token or a client certificate.
/// </summary>
public sealed record KubeExecConfig
{
    public const string ApiVersionV1 = "client.authentication.k8s.io/v1";
    public const string ApiVersionV1Beta1 = "client.authentication.k8s.io/v1beta1";

    /// <summary>The program: a bare name looked up on <c>PATH</c>, or a path (relative paths resolve against the kubeconfig's folder).</summary>
    public required string Command { get; init; }

    /// <summary>Arguments, passed as a list (no shell).</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>Extra environment variables, in file order, added to the inherited environment.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Env { get; init; } = [];

    /// <summary><see cref="ApiVersionV1"/> or <see cref="ApiVersionV1Beta1"/>.</summary>
    public required string ApiVersion { get; init; }

    /// <summary>Send the cluster's details in <c>KUBERNETES_EXEC_INFO</c>.</summary>
    public bool ProvideClusterInfo { get; init; }

    public KubeExecInteractiveMode InteractiveMode { get; init; } = KubeExecInteractiveMode.IfAvailable;

    /// <summary>Shown when the program is missing, as kubectl does.</summary>
    public string? InstallHint { get; init; }

    /// <summary>The folder of the kubeconfig that defined the plugin.</summary>
    public required string BaseDirectory { get; init; }

    public required KubeConfigSource Source { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        // Env values and args may carry secrets (role ARNs, client secrets): names and counts only.
        builder.Append("Command = ").Append(Command)
            .Append(", Args = ").Append(Args.Count)
            .Append(", Env = [").AppendJoin(", ", Env.Select(e => e.Key)).Append(']')
            .Append(", ApiVersion = ").Append(ApiVersion)
            .Append(", ProvideClusterInfo = ").Append(ProvideClusterInfo)
            .Append(", InteractiveMode = ").Append(InteractiveMode)
            .Append(", Source = ").Append(Source);
        return true;
    }
}
