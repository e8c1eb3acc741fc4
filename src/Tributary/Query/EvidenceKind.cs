namespace Tributary.Query;

/// <summary>Why a node upstream of a data-quality problem is suspected.</summary>
public enum EvidenceKind
{
    /// <summary>A data-quality assertion failed on the dataset in the latest run that tested it.</summary>
    FailedAssertion,

    /// <summary>A recent run of the job failed or was aborted.</summary>
    FailedRun,

    /// <summary>The dataset's field set changed between its last two versions.</summary>
    SchemaChange,

    /// <summary>The dataset's row count fell between its last two versions.</summary>
    VolumeDrop,
}
