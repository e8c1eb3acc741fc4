using Tributary.Storage;

namespace Tributary.Tests.Storage;

/// <summary>Asking the kernel to read a file into the page cache is taken on Linux, and never fails a command.</summary>
public sealed class PageCacheTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tributary-page-cache-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_file_is_handed_to_the_kernel_to_read_ahead_on_Linux_and_left_alone_elsewhere()
    {
        var path = Path.Combine(_folder, "graph.checkpoint");
        File.WriteAllBytes(path, new byte[1 << 20]);

        Assert.Equal(OperatingSystem.IsLinux(), PageCache.Prefetch(path));
        Assert.Equal(1 << 20, new FileInfo(path).Length);
    }

    [Fact]
    public void A_missing_file_is_not_an_error()
    {
        Assert.False(PageCache.Prefetch(Path.Combine(_folder, "missing", "graph.checkpoint")));
    }
}
