using Microsoft.CodeAnalysis;

namespace Tributary.Generators;

/// <summary>What the generator tells a user whose [TrackLineage] method it cannot track, and what to do.</summary>
internal static class Diagnostics
{
    public static readonly DiagnosticDescriptor NotPartial = new(
        "TRIB001", "[TrackLineage] method is not a partial declaration",
        "[TrackLineage] on class method '{0}' is not tracked: declare it 'partial' without a body and move the body into a method named '{0}Core' with the same parameters (or put the attribute on an interface method and use tracker.Wrap or AddLineageTracking)",
        "Tributary", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NoCore = new(
        "TRIB002", "[TrackLineage] partial method has no Core method",
        "[TrackLineage] partial method '{0}' needs a method '{0}Core' with the same parameters (and the same static-ness) holding its body",
        "Tributary", DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnknownParameter = new(
        "TRIB003", "[TrackLineage] dataset name uses an unknown parameter",
        "The dataset name '{0}' uses '{{{1}}}', but method '{2}' has no parameter '{1}'",
        "Tributary", DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor Generic = new(
        "TRIB004", "[TrackLineage] on a generic method",
        "[TrackLineage] partial method '{0}' is generic, which the generator does not track; track it with tracker.Track(...) instead",
        "Tributary", DiagnosticSeverity.Error, isEnabledByDefault: true);
}
