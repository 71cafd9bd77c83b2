using Xunit;

namespace McpGate.Testing.Files;

/// <summary>A fact that needs <see cref="TmpfsMount"/>; skipped, with the reason, where mounting is not permitted.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (TmpfsMount.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
