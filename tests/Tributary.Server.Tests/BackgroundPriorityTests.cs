using Tributary.Server.Hosting;

namespace Tributary.Server.Tests;

public sealed class BackgroundPriorityTests
{
    [Fact]
    public async Task Upkeep_runs_on_a_thread_of_its_own_at_a_lower_priority_and_gives_back_its_result()
    {
        var caller = Environment.CurrentManagedThreadId;

        var (thread, nice) = await BackgroundPriority.RunAsync(() => Task.FromResult((Environment.CurrentManagedThreadId, NiceOfThisThread())));

        Assert.NotEqual(caller, thread);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(BackgroundPriority.Nice, nice);

            // This continues on the upkeep's thread, set back before the result was handed over where the process may
            // raise a priority again, so no thread it starts from here inherits the lower one.
            if (Environment.IsPrivilegedProcess)
            {
                Assert.Equal(0, NiceOfThisThread());
            }
        }
    }

    [Fact]
    public async Task Upkeep_that_fails_or_is_cancelled_says_so_to_its_caller()
    {
        var failed = await Assert.ThrowsAsync<IOException>(() => BackgroundPriority.RunAsync<int>(() => throw new IOException("disk full")));
        Assert.Equal("disk full", failed.Message);

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => BackgroundPriority.RunAsync(() => Task.FromCanceled<int>(cancelled.Token)));
    }

    // Field 19 of /proc/thread-self/stat (after the command name, which is in parentheses and may hold spaces).
    private static int NiceOfThisThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture); // fields[0] is field 3
    }
}
