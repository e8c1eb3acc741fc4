using Tributary.Model;

namespace Tributary.Query;

/// <summary>A field holding personal data, and why it is considered so.</summary>
/// <param name="Field">The field.</param>
/// <param name="Reason">Why, for example <c>tag pii=true</c> or <c>name matches *email*</c>.</param>
public sealed record PiiField(FieldId Field, string Reason);
