namespace Tributary.Server.Load;

/// <summary>How a <see cref="LoadTest"/> runs.</summary>
internal sealed record LoadTestOptions
{
    /// <summary>Concurrent clients. Default 32.</summary>
    public int Clients { get; init; } = 32;

    /// <summary>How long clients keep sending. Default 30 seconds.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Events per request: 1 posts to /api/v1/lineage, more to /api/v1/lineage/batch. Default 1.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>The bearer key to send, or null.</summary>
    public string? ApiKey { get; init; }

    /// <summary>When true a client stops at its first connection failure (the server is gone). Default false.</summary>
    public bool StopOnConnectionFailure { get; init; }
}
