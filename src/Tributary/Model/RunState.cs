namespace Tributary.Model;

/// <summary>The transition a run event reports (OpenLineage's <c>eventType</c>).</summary>
public enum RunState
{
    /// <summary>The run started.</summary>
    Start,

    /// <summary>The run is going on; the event adds metadata.</summary>
    Running,

    /// <summary>The run finished successfully.</summary>
    Complete,

    /// <summary>The run was stopped before it finished.</summary>
    Abort,

    /// <summary>The run failed.</summary>
    Fail,

    /// <summary>Additional metadata outside the normal cycle, for example after completion.</summary>
    Other,
}
