namespace McpGate.Core.Manifests;

/// <summary>A read option a manifest fills from a parameter or a literal (<c>operation.query</c>).</summary>
public enum ReadOption
{
    /// <summary><c>label_selector</c>: Kubernetes label selector (<c>app=web,tier!=cache</c>).</summary>
    LabelSelector,

    /// <summary><c>field_selector</c>: Kubernetes field selector (<c>status.phase=Running</c>).</summary>
    FieldSelector,

    /// <summary><c>limit</c>: at most this many items (a continue token fetches the rest).</summary>
    Limit,

    /// <summary><c>continue</c>: the token of the previous page.</summary>
    Continue,

    /// <summary><c>container</c>: which container of a pod.</summary>
    Container,

    /// <summary><c>previous</c>: the previous (terminated) instance of a container.</summary>
    Previous,

    /// <summary><c>tail_lines</c>: the last lines of a log.</summary>
    TailLines,

    /// <summary><c>since_seconds</c>: log lines of the last seconds.</summary>
    SinceSeconds,

    /// <summary><c>limit_bytes</c>: at most this many bytes of a log.</summary>
    LimitBytes,

    /// <summary><c>field</c>: a dotted field path for explain (<c>spec.template.spec.containers</c>).</summary>
    Field,

    /// <summary><c>revision</c>: one recorded revision of a workload.</summary>
    Revision,

    /// <summary><c>involved_kind</c>: events about objects of this kind only.</summary>
    InvolvedKind,

    /// <summary><c>involved_name</c>: events about the object of this name only.</summary>
    InvolvedName,

    /// <summary><c>api_group</c>: api_resources of this API group only (<c>apps</c>; empty or <c>core</c> for the core group).</summary>
    ApiGroup,

    /// <summary><c>namespaced</c>: api_resources that are namespaced (true) or cluster-scoped (false) only.</summary>
    Namespaced,

    /// <summary><c>verb</c>: api_resources that support this verb only (<c>list</c>, <c>patch</c>).</summary>
    Verb,
}
