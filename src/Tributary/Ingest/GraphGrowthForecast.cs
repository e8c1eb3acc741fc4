using Tributary.Graph;

namespace Tributary.Ingest;

// How much a bulk input will grow the graph, told from how much a part of it did. A graph grows its node, edge and
// field arrays by doubling, and each doubling copies the whole array into a new one the kernel first has to map
// (about 2 µs a page here) and the collector later takes back; an ingest that knows its input's size in bytes (a
// `tributary ingest` of files) lets the graph take its room once instead. The growth is measured over the input's
// second thirty-second, not from its start: the first events of a file meet every job and dataset for the first time,
// later ones mostly add runs, and a rate taken from the start would reserve several times too much. That rate, applied
// to what is left with 5% to spare, is reserved once, at most MaxRoomBytes of arrays (a longer input's later growth
// doubles as before, as does the rest after an estimate that fell short).
internal sealed class GraphGrowthForecast
{
    private const long MaxRoomBytes = 256 << 20;
    private const int MinStepBytes = 256 << 10;
    private const double Spare = 1.05;

    private readonly long _maxRoomBytes;
    private readonly long _expectedBytes;
    private readonly long _step;
    private long _appliedBytes;
    private long _measuredFrom = -1;
    private (int Nodes, int Edges, int Fields) _from;

    // A forecast for `expectedBytes` of events about to be applied, reserving at most `maxRoomBytes` of arrays.
    public GraphGrowthForecast(long expectedBytes, long maxRoomBytes = MaxRoomBytes)
    {
        _expectedBytes = expectedBytes;
        _maxRoomBytes = maxRoomBytes;
        _step = Math.Max(expectedBytes / 32, MinStepBytes);
    }

    // Counts the bytes of an event just applied to `graph`; the room to take once the growth is measured (then the
    // forecast is done), else null.
    public (int Nodes, int Edges, int Fields)? Applied(int bytes, LineageGraph graph)
    {
        _appliedBytes += bytes;
        if (_measuredFrom < 0)
        {
            if (_appliedBytes >= _step)
            {
                (_measuredFrom, _from) = (_appliedBytes, graph.Size);
            }

            return null;
        }

        if (_appliedBytes - _measuredFrom < _step)
        {
            return null;
        }

        var now = graph.Size;
        var bytesPer = GraphStore.BytesPer;
        var rest = Math.Max(0, _expectedBytes - _appliedBytes) / (double)(_appliedBytes - _measuredFrom) * Spare;
        double nodes = Math.Max(0, now.Nodes - _from.Nodes) * rest;
        double edges = Math.Max(0, now.Edges - _from.Edges) * rest;
        double fields = Math.Max(0, now.Fields - _from.Fields) * rest;
        var room = (nodes * bytesPer.Node) + (edges * bytesPer.Edge) + (fields * bytesPer.Field);
        var scale = room > _maxRoomBytes ? _maxRoomBytes / room : 1;
        return ((int)(nodes * scale), (int)(edges * scale), (int)(fields * scale));
    }
}
