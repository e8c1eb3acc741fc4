using System.Reflection;
using System.Runtime.CompilerServices;
using Tributary.Graph;

namespace Tributary.Tests.Graph;

/// <summary>
/// The structs a checkpoint writes as raw bytes have no padding: every byte belongs to a field, so no byte of a
/// checkpoint comes from whatever memory a copy happened to leave there.
/// </summary>
public sealed class CheckpointLayoutTests
{
    public static TheoryData<string> RawStructs() => ["NodeRecord", "EdgeRecord", "GraphStore+FieldImage", "GraphStore+IdImage", "GraphStore+RunImage"];

    [Theory]
    [MemberData(nameof(RawStructs))]
    public void A_struct_written_as_raw_bytes_is_exactly_the_size_of_its_fields(string name)
    {
        var type = typeof(LineageGraph).Assembly.GetType("Tributary.Graph." + name, throwOnError: true)!;

        var fields = type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Sum(f => SizeOf(f.FieldType));

        Assert.Equal(SizeOf(type), fields);
    }

    private static int SizeOf(Type type) =>
        (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!;
}
