namespace McpGate.Cli.Tests.Commands;

/// <summary>A kubeconfig whose one context points at https://127.0.0.1:PORT, TLS unchecked, with a token that is not real.</summary>
internal static class LoopbackKubeconfig
{
    /// <summary>Writes it to <paramref name="path"/>; <paramref name="cluster"/> names the cluster, the user's context and the current context.</summary>
    public static string Write(string path, string cluster, int port)
    {
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {cluster}
              cluster: {"{"}server: "https://127.0.0.1:{port}", insecure-skip-tls-verify: true{"}"}
            users:
            - name: u
              user: {"{"}token: not-a-real-token{"}"}
            contexts:
            - name: {cluster}
              context: {"{"}cluster: {cluster}, user: u{"}"}
            current-context: {cluster}
            """);
        return path;
    }
}
