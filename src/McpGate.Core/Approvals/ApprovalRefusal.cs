namespace McpGate.Core.Approvals;

/// <summary>
/// The rules a submitted decision can break, as stable names: the approval API answers with
/// the name and a status chosen by it, and tests assert which rule refused.
/// </summary>
public static class ApprovalRefusal
{
    /// <summary>Refused for a reason without a finer name.</summary>
    public const string Refused = "refused";

    /// <summary>The id is not a change id.</summary>
    public const string ChangeId = "change-id";

    /// <summary>No change with that id in the ledger.</summary>
    public const string UnknownChange = "unknown-change";

    /// <summary>The change is not pending approval (decided, denied, expired, cancelled, running...).</summary>
    public const string State = "state";

    /// <summary>The change's own proof does not verify with the gate key.</summary>
    public const string Proof = "proof";

    /// <summary>The change's approval window has passed.</summary>
    public const string Expired = "expired";

    /// <summary>Not a DSSE envelope holding an approval statement.</summary>
    public const string Envelope = "envelope";

    /// <summary>Not signed by any approver key in the policy (an unknown key, or no signature).</summary>
    public const string Signature = "signature";

    /// <summary>Signed by one approver, claiming to be another.</summary>
    public const string Identity = "identity";

    /// <summary>Signs another change or another proof digest than the change's.</summary>
    public const string ProofDigest = "proof-digest";

    /// <summary>The approver requested the change.</summary>
    public const string Requester = "requester";

    /// <summary>The approver is in none of the groups the rule needs.</summary>
    public const string Groups = "groups";

    /// <summary>This approver's decision is already recorded (a replay counts once).</summary>
    public const string Duplicate = "duplicate";

    /// <summary>The change was already rejected.</summary>
    public const string Rejected = "rejected";

    /// <summary>A comment or reason with control or invisible characters.</summary>
    public const string Text = "text";
}
