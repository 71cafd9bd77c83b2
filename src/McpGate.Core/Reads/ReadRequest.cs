using McpGate.Core.Manifests;

namespace McpGate.Core.Reads;

/// <summary>A read tool call: its manifest, the arguments, and the operation with placeholders filled in.</summary>
public sealed record ReadRequest
{
    public required ToolManifest Manifest { get; init; }

    public required BoundArguments Arguments { get; init; }

    public required ResolvedOperation Operation { get; init; }

    /// <summary>Resolves <paramref name="arguments"/> against <paramref name="manifest"/>'s operation.</summary>
    public static ReadRequest For(ToolManifest manifest, BoundArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(arguments);
        return new ReadRequest { Manifest = manifest, Arguments = arguments, Operation = OperationResolver.Resolve(manifest, arguments) };
    }
}
