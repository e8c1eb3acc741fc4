namespace Tributary.Export;

/// <summary>Writes a <see cref="LineageView"/> in one format to a <see cref="TextWriter"/>; find one by name with <see cref="LineageExporters.Find"/>.</summary>
public interface ILineageExporter
{
    /// <summary>The format's name, for example <c>dot</c>, <c>mermaid</c>, <c>json</c> or <c>marquez</c>.</summary>
    string Format { get; }

    /// <summary>Writes the view; the same view always produces the same text.</summary>
    void Write(LineageView view, TextWriter output);
}
