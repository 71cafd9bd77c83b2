using System.Text;

namespace McpGate.Core.Ledger;

/// <summary>
/// The plain-text copy of the checkpoints, <c>checkpoints.log</c>: one signed note after another,
/// each followed by one empty line. A note is its three text lines, an empty line and its
/// signature lines (which start with an em dash), so the file reads
/// <c>origin, size, root, "", — signature, "", origin, size, root, "", — signature, "", ...</c>.
/// The same reader takes a file holding one note, as an auditor saves it.
/// </summary>
public static class CheckpointLog
{
    /// <summary>Appends <paramref name="checkpoint"/>'s note and a separating empty line in one write, flushed to disk.</summary>
    public static void Append(string path, Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(checkpoint);
        var bytes = Encoding.UTF8.GetBytes(checkpoint.Note + "\n");
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// The notes in <paramref name="path"/>, labelled <c>PATH note N (line L)</c>; none when the file does not exist.
    /// </summary>
    /// <exception cref="FormatException">The file is not a sequence of checkpoint notes; the message names the file, the line and the rule.</exception>
    public static IReadOnlyList<LabelledCheckpoint> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return File.Exists(path) ? Parse(File.ReadAllText(path, Encoding.UTF8), path) : [];
    }

    /// <summary>Reads notes from text; <paramref name="source"/> names it in labels and errors.</summary>
    public static IReadOnlyList<LabelledCheckpoint> Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var notes = new List<LabelledCheckpoint>();
        var i = 0;
        while (true)
        {
            while (i < lines.Length && lines[i].Length == 0)
            {
                i++;
            }

            if (i >= lines.Length)
            {
                return notes;
            }

            var start = i;
            var body = new StringBuilder();
            while (i < lines.Length && lines[i].Length > 0)
            {
                if (lines[i].StartsWith(CheckpointNote.SignaturePrefix, StringComparison.Ordinal))
                {
                    throw new FormatException($"{source} line {i + 1}: a signature line where a checkpoint's text (origin, tree size, root hash) was expected");
                }

                body.Append(lines[i++]).Append('\n');
            }

            i++;
            var signatures = new StringBuilder();
            while (i < lines.Length && lines[i].StartsWith(CheckpointNote.SignaturePrefix, StringComparison.Ordinal))
            {
                signatures.Append(lines[i++]).Append('\n');
            }

            if (signatures.Length == 0)
            {
                throw new FormatException($"{source} line {Math.Min(i, lines.Length) + 1}: the note starting at line {start + 1} has no signature line ('— <key name> <signature>') after its blank line");
            }

            if (i < lines.Length && lines[i].Length > 0)
            {
                throw new FormatException($"{source} line {i + 1}: expected an empty line after the signature lines of the note starting at line {start + 1}");
            }

            try
            {
                notes.Add(new LabelledCheckpoint($"{source} note {notes.Count + 1} (line {start + 1})", CheckpointNote.Parse(body + "\n" + signatures)));
            }
            catch (FormatException ex)
            {
                throw new FormatException($"{source} line {start + 1}: {ex.Message}", ex);
            }
        }
    }
}
