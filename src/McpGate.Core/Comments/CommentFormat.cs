namespace McpGate.Core.Comments;

/// <summary>
/// An approver's comment as signed: an in-toto statement of its own predicate type over the
/// change's proof digest, never an approval statement, so no comment can ever count as a decision.
/// </summary>
public static class CommentFormat
{
    public const string PredicateType = "https://mcpgate.dev/attestations/comment/v1";

    /// <summary>The longest comment, in UTF-16 code units.</summary>
    public const int MaxLength = 2000;

    /// <summary>
    /// Why <paramref name="text"/> cannot be a comment, naming <paramref name="field"/>: empty or
    /// blank, longer than <see cref="MaxLength"/>, or holding control or invisible characters
    /// (the rule of every reason and comment, <see cref="Text.UntrustedText.Refusal"/>); null when it can.
    /// </summary>
    public static string? Refusal(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return $"{field} is empty: write the comment, from 1 to {MaxLength} characters";
        }

        if (text.Length > MaxLength)
        {
            return $"{field} is {text.Length} characters long; a comment holds at most {MaxLength}";
        }

        return Text.UntrustedText.Refusal(field, text);
    }
}
