namespace Tributary.Graph;

// One version of a job: a distinct union of inputs and outputs seen across a finished run.
internal sealed class JobVersionRecord(Guid version, int[] inputs, int[] outputs)
{
    public Guid Version { get; } = version;
    public int[] Inputs { get; } = inputs;
    public int[] Outputs { get; } = outputs;
    public long FirstSeen;
    public long LastSeen;
    public int RunCount;
}
