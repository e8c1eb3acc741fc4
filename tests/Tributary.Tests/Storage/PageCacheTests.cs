using Tributary.Storage;

namespace Tributary.Tests.Storage;

/// <summary>Asking the kernel to read a file into the page cache is taken on Linux, and never fails a command.</summary>
public sealed class PageCacheTests
{
    [Fact]
    public void A_file_is_handed_to_the_kernel_to_read_ahead_on_Linux_and_left_alone_elsewhere()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("graph.checkpoint");
        File.WriteAllBytes(path, new byte[1 << 20]);

        Assert.Equal(OperatingSystem.IsLinux(), PageCache.Prefetch(path));
        Assert.Equal(1 << 20, new FileInfo(path).Length);
        Assert.False(PageCache.Prefetch(folder.Combine("missing.checkpoint")), "a missing file is no error, and nothing to read");
    }
}
