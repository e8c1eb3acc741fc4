namespace Tributary.Storage;

/// <summary>A stored event's sequence number and the digest it is deduplicated by, read without its bytes.</summary>
/// <param name="Sequence">The event's position in the store.</param>
/// <param name="Digest">The digest of its canonical form; <see cref="EventDigest.None"/> if it was stored without one.</param>
public readonly record struct StoredDigest(long Sequence, EventDigest Digest);
