namespace Tributary.Graph;

// Says whether an item of a BlockList comes before a place being searched for (BlockList.CountBefore); it may fill in
// what it works out about the item, which it gets by reference.
internal interface IBlockProbe<T>
{
    // True when `item`, at `index` of the list, comes before the place.
    bool Before(ref T item, int index);
}
