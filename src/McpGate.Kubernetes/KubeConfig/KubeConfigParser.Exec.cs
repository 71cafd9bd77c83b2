using YamlDotNet.RepresentationModel;

namespace McpGate.Kubernetes.KubeConfig;

internal sealed partial class KubeConfigParser
{
    private KubeExecConfig? ParseExec(YamlMappingNode user, KubeConfigSource source)
    {
        if (!user.Children.TryGetValue(new YamlScalarNode("exec"), out var node) || IsNull(node))
        {
            return null;
        }

        if (node is not YamlMappingNode exec)
        {
            _errors.Add(source.Describe("user.exec", "must be a mapping with command and apiVersion"));
            return null;
        }

        var errorsBefore = _errors.Count;
        var command = Scalar(exec, "command", source, "user.exec.command");
        if (string.IsNullOrWhiteSpace(command))
        {
            _errors.Add(source.Describe("user.exec.command", "is required"));
        }

        var apiVersion = Scalar(exec, "apiVersion", source, "user.exec.apiVersion");
        if (string.IsNullOrEmpty(apiVersion))
        {
            _errors.Add(source.Describe("user.exec.apiVersion", $"is required ({KubeExecConfig.ApiVersionV1} or {KubeExecConfig.ApiVersionV1Beta1})"));
        }
        else if (apiVersion is not (KubeExecConfig.ApiVersionV1 or KubeExecConfig.ApiVersionV1Beta1))
        {
            _errors.Add(source.Describe("user.exec.apiVersion", $"'{apiVersion}' is not supported; use {KubeExecConfig.ApiVersionV1} or {KubeExecConfig.ApiVersionV1Beta1}"));
        }

        var mode = KubeExecInteractiveMode.IfAvailable;
        switch (Scalar(exec, "interactiveMode", source, "user.exec.interactiveMode"))
        {
            case null or "":
                // client-go requires the field for v1 and defaults it to IfAvailable for v1beta1.
                if (apiVersion == KubeExecConfig.ApiVersionV1)
                {
                    _errors.Add(source.Describe("user.exec.interactiveMode", "is required for client.authentication.k8s.io/v1 (Never, IfAvailable or Always)"));
                }

                break;
            case "Never":
                mode = KubeExecInteractiveMode.Never;
                break;
            case "IfAvailable":
                mode = KubeExecInteractiveMode.IfAvailable;
                break;
            case "Always":
                mode = KubeExecInteractiveMode.Always;
                break;
            case var other:
                _errors.Add(source.Describe("user.exec.interactiveMode", $"'{other}' must be Never, IfAvailable or Always"));
                break;
        }

        var args = ParseExecArgs(exec, source);
        var env = ParseExecEnv(exec, source);
        var provide = Boolean(exec, "provideClusterInfo", source, "user.exec.provideClusterInfo");
        if (_errors.Count > errorsBefore || string.IsNullOrWhiteSpace(command) || apiVersion is null)
        {
            return null;
        }

        return new KubeExecConfig
        {
            Command = command,
            Args = args,
            Env = env,
            ApiVersion = apiVersion,
            ProvideClusterInfo = provide,
            InteractiveMode = mode,
            InstallHint = Scalar(exec, "installHint", source, "user.exec.installHint"),
            BaseDirectory = _directory,
            Source = source,
        };
    }

    private List<string> ParseExecArgs(YamlMappingNode exec, KubeConfigSource source)
    {
        var result = new List<string>();
        if (!exec.Children.TryGetValue(new YamlScalarNode("args"), out var node) || IsNull(node))
        {
            return result;
        }

        if (node is not YamlSequenceNode list)
        {
            _errors.Add(source.Describe("user.exec.args", "must be a list of strings"));
            return result;
        }

        for (var i = 0; i < list.Children.Count; i++)
        {
            if (list.Children[i] is YamlScalarNode { Value: { } value })
            {
                result.Add(value);
            }
            else
            {
                _errors.Add(source.Describe($"user.exec.args[{i}]", "must be a string"));
            }
        }

        return result;
    }

    private List<KeyValuePair<string, string>> ParseExecEnv(YamlMappingNode exec, KubeConfigSource source)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (!exec.Children.TryGetValue(new YamlScalarNode("env"), out var node) || IsNull(node))
        {
            return result;
        }

        if (node is not YamlSequenceNode list)
        {
            _errors.Add(source.Describe("user.exec.env", "must be a list of {name, value}"));
            return result;
        }

        for (var i = 0; i < list.Children.Count; i++)
        {
            var field = $"user.exec.env[{i}]";
            if (list.Children[i] is not YamlMappingNode entry)
            {
                _errors.Add(source.Describe(field, "must be a mapping with name and value"));
                continue;
            }

            var name = Scalar(entry, "name", source, field + ".name");
            var value = Scalar(entry, "value", source, field + ".value");
            if (string.IsNullOrEmpty(name) || name.Contains('=', StringComparison.Ordinal))
            {
                _errors.Add(source.Describe(field + ".name", "is required and must not contain '='"));
                continue;
            }

            result.Add(new KeyValuePair<string, string>(name, value ?? string.Empty));
        }

        return result;
    }

    private Uri? ProxyUrl(YamlMappingNode cluster, KubeConfigSource source)
    {
        var text = Scalar(cluster, "proxy-url", source, "cluster.proxy-url");
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var proxy) || string.IsNullOrEmpty(proxy.Host))
        {
            _errors.Add(source.Describe("cluster.proxy-url", $"'{Http.UrlCredentials.Redact(text)}' must be an absolute URL such as http://proxy:3128"));
            return null;
        }

        return proxy;
    }
}
