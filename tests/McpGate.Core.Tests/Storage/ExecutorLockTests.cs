using McpGate.Core.Storage;
using McpGate.Testing.Files;
using McpGate.Testing.Processes;

namespace McpGate.Core.Tests.Storage;

public sealed class ExecutorLockTests
{
    [Fact]
    public void TryAcquire_ReturnsNull_WhileAnotherHolderHasIt_AndSucceedsAfterRelease()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine(ExecutorLock.FileName("sandbox"));

        using (var first = ExecutorLock.TryAcquire(path))
        {
            first.Should().NotBeNull();
            ExecutorLock.TryAcquire(path).Should().BeNull("one executor per data directory and cluster");
        }

        using var again = ExecutorLock.TryAcquire(path);
        again.Should().NotBeNull("the lock is free once its holder lets go");
    }

    [Fact]
    public async Task TryAcquire_IsExclusiveAcrossProcesses()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine(ExecutorLock.FileName("sandbox"));
        File.Exists("/usr/bin/flock").Should().BeTrue("this test uses util-linux flock as the other process");

        using (ExecutorLock.TryAcquire(path))
        {
            var other = await ProcessRunner.RunAsync("/usr/bin/flock", ["--nonblock", path, "true"], TimeSpan.FromSeconds(10));
            other.ExitCode.Should().NotBe(0, "another process cannot take the lock while we hold it");
        }

        var free = await ProcessRunner.RunAsync("/usr/bin/flock", ["--nonblock", path, "true"], TimeSpan.FromSeconds(10));
        free.ExitCode.Should().Be(0, free.ToString());
    }

    [Theory]
    [InlineData("sandbox", "executor-sandbox.lock")]
    [InlineData("arn:aws:eks:eu-west-1:123:cluster/prod", "executor-arn_aws_eks_eu-west-1_123_cluster_prod.lock")]
    public void FileName_IsSafeForAnyContextName(string cluster, string expected) =>
        ExecutorLock.FileName(cluster).Should().Be(expected);
}
