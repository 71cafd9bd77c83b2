using System.Net;
using McpGate.Core.Manifests.Yaml;
using McpGate.Core.Policy;
using YamlDotNet.RepresentationModel;

namespace McpGate.Core.Notifications;

/// <summary>
/// <c>notifiers.yaml</c> in the policy directory: who is told about pending changes, decisions and
/// final states, and how. Errors follow the policy files' form (<c>file:line:column: field: reason</c>),
/// all at once. A webhook's HMAC key is named by <c>secretEnv</c> or <c>secretFile</c>, never written here.
/// </summary>
/// <example>
/// <code>
/// notifiers:
///   - name: slack-sre
///     type: webhook
///     url: https://hooks.slack.com/services/T000/B000/XXXX
///     secretEnv: MCPGATE_SLACK_HMAC
///     events: [pending, final]
///   - name: pager
///     type: command
///     command: [/usr/local/bin/page-oncall, --team, sre]
/// </code>
/// </example>
public static class NotifierFile
{
    public const string FileName = "notifiers.yaml";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Longest <c>timeoutSeconds</c>: a notifier must not hold a delivery slot for long.</summary>
    public const int MaxTimeoutSeconds = 300;

    private static readonly IReadOnlyDictionary<string, NotifierKind> s_kinds = new Dictionary<string, NotifierKind>(StringComparer.Ordinal)
    {
        ["webhook"] = NotifierKind.Webhook,
        ["command"] = NotifierKind.Command,
    };

    public static string PathIn(string policiesDirectory) => Path.Combine(policiesDirectory, FileName);

    /// <summary>The notifiers of <paramref name="policiesDirectory"/>; none when it has no <c>notifiers.yaml</c>.</summary>
    /// <exception cref="PolicyValidationException">The file is invalid; every problem is listed.</exception>
    public static IReadOnlyList<NotifierDefinition> LoadDirectory(string policiesDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(policiesDirectory);
        var path = PathIn(policiesDirectory);
        return File.Exists(path) ? Parse(path, File.ReadAllText(path)) : [];
    }

    /// <exception cref="PolicyValidationException">The text is invalid; every problem is listed.</exception>
    public static IReadOnlyList<NotifierDefinition> Parse(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var errors = new List<string>();
        var source = new YamlSource(path, errors);
        var notifiers = new List<NotifierDefinition>();
        var documents = source.LoadDocuments(text);
        if (documents.Count > 1)
        {
            source.Error(documents[1], string.Empty, "a notifier file must hold one YAML document");
        }
        else if (documents.Count == 1 && !YamlSource.IsNull(documents[0]))
        {
            var root = source.Mapping(documents[0], string.Empty);
            if (root is not null)
            {
                var listNode = root.Required("notifiers");
                var sequence = listNode is not null && YamlSource.IsNull(listNode) ? null : source.Sequence(listNode, "notifiers");
                root.ReportUnknownKeys();
                for (var i = 0; sequence is not null && i < sequence.Children.Count; i++)
                {
                    if (ParseEntry(source, sequence.Children[i], $"notifiers[{i}]", errors) is { } notifier)
                    {
                        if (notifiers.FirstOrDefault(n => string.Equals(n.Name, notifier.Name, StringComparison.Ordinal)) is { } first)
                        {
                            source.Error(sequence.Children[i], $"notifiers[{i}].name", $"'{notifier.Name}' is already the name of the notifier at {first.Location}; names must be unique");
                        }
                        else
                        {
                            notifiers.Add(notifier);
                        }
                    }
                }
            }
        }

        return errors.Count > 0 ? throw new PolicyValidationException(errors) : notifiers;
    }

    private static NotifierDefinition? ParseEntry(YamlSource source, YamlNode node, string field, List<string> errors)
    {
        var map = source.Mapping(node, field);
        if (map is null)
        {
            return null;
        }

        var before = errors.Count;
        var nameNode = map.Required("name");
        var name = source.Text(nameNode, map.FieldOf("name"));
        if (name is not null && !IsName(name))
        {
            source.Error(nameNode!, map.FieldOf("name"), "must be 1 to 64 letters, digits, '-', '_' or '.' (it names the notifier in the ledger and the logs)");
        }

        var kind = source.Enum(map.Required("type"), map.FieldOf("type"), s_kinds);
        var events = ParseEvents(source, map.Optional("events"), map.FieldOf("events"));
        var timeout = DefaultTimeout;
        if (map.Optional("timeoutSeconds") is { } timeoutNode && source.Integer(timeoutNode, map.FieldOf("timeoutSeconds")) is { } seconds)
        {
            if (seconds is < 1 or > MaxTimeoutSeconds)
            {
                source.Error(timeoutNode, map.FieldOf("timeoutSeconds"), $"must be between 1 and {MaxTimeoutSeconds} (got {seconds})");
            }
            else
            {
                timeout = TimeSpan.FromSeconds(seconds);
            }
        }

        Uri? url = null;
        string? secretEnv = null;
        string? secretFile = null;
        IReadOnlyList<string> command = [];
        if (kind == NotifierKind.Webhook)
        {
            var urlNode = map.Required("url");
            if (source.Text(urlNode, map.FieldOf("url")) is { } text)
            {
                url = ParseUrl(source, urlNode!, map.FieldOf("url"), text);
            }

            var envNode = map.Optional("secretEnv");
            var fileNode = map.Optional("secretFile");
            secretEnv = source.Text(envNode, map.FieldOf("secretEnv"));
            secretFile = source.Text(fileNode, map.FieldOf("secretFile"));
            if (envNode is null && fileNode is null)
            {
                source.Error(map.Node, field, "a webhook needs secretEnv (an environment variable) or secretFile (a file) holding its HMAC key; the key itself never goes in this file");
            }
            else if (envNode is not null && fileNode is not null)
            {
                source.Error(fileNode, map.FieldOf("secretFile"), "give secretEnv or secretFile, not both");
            }
        }
        else if (kind == NotifierKind.Command)
        {
            var commandNode = map.Required("command");
            command = source.StringList(commandNode, map.FieldOf("command")) ?? [];
            if (command.Count > 0 && !Path.IsPathFullyQualified(command[0]) && command[0].Contains('/', StringComparison.Ordinal))
            {
                source.Error(commandNode!, $"{map.FieldOf("command")}[0]", $"'{command[0]}' is a relative path; give an absolute path or a program name found on PATH");
            }
        }

        // Fields of the other type are refused, so that a misplaced 'url' on a command is not silently ignored.
        var allowed = kind switch
        {
            NotifierKind.Webhook => new[] { "name", "type", "events", "timeoutSeconds", "url", "secretEnv", "secretFile" },
            NotifierKind.Command => ["name", "type", "events", "timeoutSeconds", "command"],
            _ => ["name", "type", "events", "timeoutSeconds", "url", "secretEnv", "secretFile", "command"],
        };
        foreach (var (key, keyNode, _) in map.Entries())
        {
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                source.Error(keyNode, map.FieldOf(key), kind is null
                    ? "unknown field"
                    : $"unknown field for type {(kind == NotifierKind.Webhook ? "webhook" : "command")} (allowed: {string.Join(", ", allowed)})");
            }
        }

        return errors.Count == before
            ? new NotifierDefinition
            {
                Name = name!,
                Kind = kind!.Value,
                Events = events ?? new HashSet<NotificationEvent>(Enum.GetValues<NotificationEvent>()),
                Url = url,
                SecretEnv = secretEnv,
                SecretFile = secretFile,
                Command = command,
                Timeout = timeout,
                Location = source.Location(node),
            }
            : null;
    }

    private static HashSet<NotificationEvent>? ParseEvents(YamlSource source, YamlNode? node, string field)
    {
        var names = source.StringList(node, field);
        if (names is null)
        {
            return null;
        }

        var events = new HashSet<NotificationEvent>();
        var sequence = (YamlSequenceNode)node!;
        for (var i = 0; i < names.Count; i++)
        {
            if (NotificationEvents.ByName.TryGetValue(names[i], out var value))
            {
                events.Add(value);
            }
            else
            {
                source.Error(sequence.Children[i], $"{field}[{i}]", $"must be one of pending, decision, final (got \"{names[i]}\")");
            }
        }

        return events;
    }

    private static Uri? ParseUrl(YamlSource source, YamlNode node, string field, string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            source.Error(node, field, "must be an absolute https:// URL");
            return null;
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            source.Error(node, field, "must not carry a user name or password; the receiver checks the X-McpGate-Signature header instead");
            return null;
        }

        if (url.Scheme == Uri.UriSchemeHttp && !IsLoopback(url))
        {
            source.Error(node, field, "must use https; plain http is allowed to a loopback address only (127.0.0.1, [::1], localhost)");
            return null;
        }

        return url;
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static bool IsName(string name) =>
        name.Length is >= 1 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
