using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace McpGate.Kubernetes.KubeConfig;

/// <summary>
/// Turns one kubeconfig file's YAML into typed entries. YAML and structural errors (a list that is not
/// a list, an entry without a name) are collected and thrown as one <see cref="KubeConfigException"/>;
/// errors inside a named entry are kept with the entry and raised only when it is selected, as
/// client-go does. Unknown keys are ignored, as kubectl does.
/// </summary>
internal sealed partial class KubeConfigParser
{
    private readonly string _file;
    private readonly string _directory;
    private readonly List<string> _errors = [];
    private readonly List<KubeConfigEntryError> _invalidEntries = [];

    private KubeConfigParser(string file, string directory)
    {
        _file = file;
        _directory = directory;
    }

    /// <summary>Parses <paramref name="yaml"/> read from <paramref name="file"/>; relative paths resolve against <paramref name="directory"/>.</summary>
    public static KubeConfigFile Parse(string yaml, string file, string directory)
    {
        var parser = new KubeConfigParser(file, directory);
        var result = parser.ParseDocument(yaml);
        if (parser._errors.Count > 0)
        {
            throw new KubeConfigException(parser._errors);
        }

        return result;
    }

    private KubeConfigFile ParseDocument(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new KubeConfigException(
                [$"kubeconfig {_file}: not valid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}"], ex);
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet's scanner throws this on some malformed input instead of a YamlException.
            throw new KubeConfigException([$"kubeconfig {_file}: not valid YAML: {ex.Message}"], ex);
        }

        var empty = new KubeConfigFile { Path = _file, Clusters = [], Users = [], Contexts = [] };
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return empty;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            _errors.Add($"kubeconfig {_file}: the document must be a mapping with clusters, users and contexts");
            return empty;
        }

        return empty with
        {
            Clusters = ParseList(root, KubeConfigEntryKind.Cluster, "clusters", "cluster", ParseCluster),
            Users = ParseList(root, KubeConfigEntryKind.User, "users", "user", ParseUser),
            Contexts = ParseList(root, KubeConfigEntryKind.Context, "contexts", "context", ParseContext),
            CurrentContext = Scalar(root, "current-context", new KubeConfigSource(_file, "current-context"), string.Empty),
            InvalidEntries = _invalidEntries,
        };
    }

    private List<T> ParseList<T>(
        YamlMappingNode root,
        KubeConfigEntryKind kind,
        string key,
        string bodyKey,
        Func<string, YamlMappingNode, KubeConfigSource, T?> parseBody)
        where T : class
    {
        var result = new List<T>();
        if (!root.Children.TryGetValue(new YamlScalarNode(key), out var node) || IsNull(node))
        {
            return result;
        }

        if (node is not YamlSequenceNode sequence)
        {
            _errors.Add($"kubeconfig {_file}: {key} must be a list");
            return result;
        }

        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var source = new KubeConfigSource(_file, $"{key}[{i}]");
            if (sequence.Children[i] is not YamlMappingNode item)
            {
                _errors.Add(source.Describe(string.Empty, "must be a mapping with name and " + bodyKey));
                continue;
            }

            var name = Scalar(item, "name", source, "name");
            if (string.IsNullOrEmpty(name))
            {
                _errors.Add(source.Describe("name", "is required"));
                continue;
            }

            // From here on a problem belongs to this named entry, not to the file.
            var errorsBefore = _errors.Count;
            T? parsed = null;
            if (!item.Children.TryGetValue(new YamlScalarNode(bodyKey), out var body) || body is not YamlMappingNode bodyMap)
            {
                _errors.Add(source.Describe(bodyKey, "is required and must be a mapping"));
            }
            else
            {
                parsed = parseBody(name, bodyMap, source);
            }

            if (_errors.Count > errorsBefore || parsed is null)
            {
                _invalidEntries.Add(new KubeConfigEntryError { Kind = kind, Name = name, Errors = _errors[errorsBefore..] });
                _errors.RemoveRange(errorsBefore, _errors.Count - errorsBefore);
                continue;
            }

            result.Add(parsed);
        }

        return result;
    }

    private KubeClusterEntry? ParseCluster(string name, YamlMappingNode body, KubeConfigSource source)
    {
        var serverText = Scalar(body, "server", source, "cluster.server");
        Uri? server = null;
        if (string.IsNullOrEmpty(serverText))
        {
            _errors.Add(source.Describe("cluster.server", "is required"));
        }
        else if (!Uri.TryCreate(serverText, UriKind.Absolute, out server) || (server.Scheme != Uri.UriSchemeHttps && server.Scheme != Uri.UriSchemeHttp))
        {
            _errors.Add(source.Describe("cluster.server", $"'{Http.UrlCredentials.Redact(serverText)}' must be an absolute http or https URL"));
            server = null;
        }

        var caData = Base64Pem(body, "certificate-authority-data", source, "cluster.");
        var caFile = FilePath(Scalar(body, "certificate-authority", source, "cluster.certificate-authority"));
        var insecure = Boolean(body, "insecure-skip-tls-verify", source, "cluster.insecure-skip-tls-verify");
        if (insecure && (caData is not null || caFile is not null))
        {
            _errors.Add(source.Describe("cluster.insecure-skip-tls-verify", "cannot be combined with a certificate authority"));
        }

        return server is null ? null : new KubeClusterEntry
        {
            Name = name,
            Server = server,
            CertificateAuthorityData = caData,
            CertificateAuthorityFile = caFile,
            InsecureSkipTlsVerify = insecure,
            TlsServerName = Scalar(body, "tls-server-name", source, "cluster.tls-server-name"),
            ProxyUrl = ProxyUrl(body, source),
            Source = source,
        };
    }

    private KubeUserEntry ParseUser(string name, YamlMappingNode body, KubeConfigSource source)
    {
        string? unsupported = null;
        foreach (var key in (string[])["username", "password", "auth-provider"])
        {
            if (body.Children.TryGetValue(new YamlScalarNode(key), out var value) && !IsNull(value))
            {
                unsupported ??= "user." + key;
            }
        }

        return new KubeUserEntry
        {
            Name = name,
            Token = Scalar(body, "token", source, "user.token"),
            TokenFile = FilePath(Scalar(body, "tokenFile", source, "user.tokenFile")),
            ClientCertificateData = Base64Pem(body, "client-certificate-data", source, "user."),
            ClientCertificateFile = FilePath(Scalar(body, "client-certificate", source, "user.client-certificate")),
            ClientKeyData = Base64Pem(body, "client-key-data", source, "user."),
            ClientKeyFile = FilePath(Scalar(body, "client-key", source, "user.client-key")),
            Exec = ParseExec(body, source),
            UnsupportedField = unsupported,
            Source = source,
        };
    }

    private KubeContextEntry? ParseContext(string name, YamlMappingNode body, KubeConfigSource source)
    {
        var cluster = Scalar(body, "cluster", source, "context.cluster");
        var user = Scalar(body, "user", source, "context.user");
        if (string.IsNullOrEmpty(cluster))
        {
            _errors.Add(source.Describe("context.cluster", "is required"));
        }

        if (string.IsNullOrEmpty(user))
        {
            _errors.Add(source.Describe("context.user", "is required"));
        }

        return string.IsNullOrEmpty(cluster) || string.IsNullOrEmpty(user) ? null : new KubeContextEntry
        {
            Name = name,
            Cluster = cluster,
            User = user,
            Namespace = Scalar(body, "namespace", source, "context.namespace"),
            Source = source,
        };
    }

    private string? Base64Pem(YamlMappingNode body, string key, KubeConfigSource source, string prefix)
    {
        var text = Scalar(body, key, source, prefix + key);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var buffer = new byte[text.Length];
        if (!Convert.TryFromBase64String(text.Trim(), buffer, out var written))
        {
            _errors.Add(source.Describe(prefix + key, "is not valid base64"));
            return null;
        }

        return Encoding.UTF8.GetString(buffer, 0, written);
    }

    private string? FilePath(string? path) =>
        string.IsNullOrEmpty(path) ? null : Path.GetFullPath(path, _directory);

    private bool Boolean(YamlMappingNode body, string key, KubeConfigSource source, string field)
    {
        var text = Scalar(body, key, source, field);
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        _errors.Add(source.Describe(field, $"'{text}' must be true or false"));
        return false;
    }

    private string? Scalar(YamlMappingNode map, string key, KubeConfigSource source, string field)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node) || IsNull(node))
        {
            return null;
        }

        if (node is YamlScalarNode scalar)
        {
            return scalar.Value;
        }

        _errors.Add(field.Length == 0
            ? $"kubeconfig {_file}: {source.Path} must be a string"
            : source.Describe(field, "must be a string"));
        return null;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" };
}
