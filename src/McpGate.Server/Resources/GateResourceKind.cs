namespace McpGate.Server.Resources;

/// <summary>What an <c>mcpgate://</c> resource URI names.</summary>
internal enum GateResourceKind
{
    /// <summary><c>mcpgate://changes/{id}</c>: what <c>get_change</c> shows.</summary>
    Change,

    /// <summary><c>mcpgate://changes/{id}/proof</c>: the signed proof envelope and its decoded statement.</summary>
    ChangeProof,

    /// <summary><c>mcpgate://changes/{id}/approvals</c>: the approvals and rejections the engine counted.</summary>
    ChangeApprovals,

    /// <summary><c>mcpgate://changes/{id}/timeline</c>: the change's history from the ledger.</summary>
    ChangeTimeline,

    /// <summary><c>mcpgate://policies/{name}</c>: a policy file the gate loaded.</summary>
    Policy,

    /// <summary><c>mcpgate://manifests/{tool}</c>: a tool manifest the gate loaded.</summary>
    Manifest,
}
