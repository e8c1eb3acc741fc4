using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Graph;

internal sealed partial class GraphProjection
{
    // Interns the dataset, resolves its identity (renames, symlinks), applies its facets; returns the canonical node.
    private int ApplyDataset(Dataset dataset, Stamp stamp, bool output, bool written = false)
    {
        var time = stamp.Time;
        var node = store.InternDataset(dataset.Id, time);
        var facets = dataset.Facets;
        if (facets[LifecycleStateChangeDatasetFacet.Key] is LifecycleStateChangeDatasetFacet { Deleted: false } lifecycle)
        {
            if (lifecycle.PreviousIdentifier is { } previous && lifecycle.LifecycleStateChange == "RENAME")
            {
                store.Link(store.InternDataset(previous, time), node);
                node = store.Resolve(node);
            }
        }

        if (facets[SymlinksDatasetFacet.Key] is SymlinksDatasetFacet { Deleted: false } symlinks)
        {
            foreach (var identifier in symlinks.Identifiers)
            {
                // The dataset carrying the facet is canonical; its other identities become aliases of it.
                if (identifier.Id != dataset.Id && store.Resolve(store.InternDataset(identifier.Id, time)) != node)
                {
                    store.Link(store.InternDataset(identifier.Id, time), node);
                }
            }

            node = store.Resolve(node);
        }

        var record = store.DatasetOf(node);
        if (output && written)
        {
            record.LastWritten = Math.Max(record.LastWritten, time);
        }

        ApplyDatasetFacets(record, facets, stamp, output);
        if (output && facets[ColumnLineageDatasetFacet.Key] is ColumnLineageDatasetFacet { Deleted: false } columnLineage)
        {
            ApplyColumnLineage(record, columnLineage, time);
        }

        return node;
    }

    private void ApplyDatasetFacets(DatasetRecord record, FacetSet facets, Stamp stamp, bool output)
    {
        var dropped = false;
        foreach (var (name, facet) in facets.Items)
        {
            var deleted = facet.Deleted;
            switch (name)
            {
                case SchemaDatasetFacet.Key:
                    var newest = stamp.Supersedes(record.SchemaAt);
                    var current = record.Schema;
                    var schemaValue = deleted ? null : store.Intern((facet as SchemaDatasetFacet)?.Fields, current) ?? current;
                    StateHistory.Note(ref record.SchemaHistory, stamp, schemaValue, record.SchemaAt, current);
                    if (newest)
                    {
                        record.Schema = schemaValue;
                        record.SchemaAt = stamp;
                    }

                    // Most events repeat their dataset's current schema (every event of a run re-sends it). Its fields
                    // were interned with its types when it became current, and since then only types that were missing
                    // were filled in, so interning them again would find every field and change nothing.
                    if (facet is SchemaDatasetFacet { Deleted: false } schema && (current is null || !ReferenceEquals(schemaValue, current)))
                    {
                        store.ReserveFields(record.Node, schema.Fields.Count);
                        InternSchemaFields(record.Node, schema.Fields, "", newest);
                    }

                    break;
                case OwnershipFacet.Key:
                    StateHistory.Set(ref record.Owners, ref record.OwnersAt, ref record.OwnersHistory, stamp, deleted ? null : store.Intern((facet as OwnershipFacet)?.Owners) ?? record.Owners);
                    break;
                case DocumentationFacet.Key when stamp.Supersedes(record.DescriptionAt):
                    record.Description = deleted ? null : (facet as DocumentationFacet)?.Description ?? record.Description;
                    record.DescriptionAt = stamp;
                    break;
                case DatasetTypeDatasetFacet.Key when stamp.Supersedes(record.TypeAt):
                    record.DatasetType = deleted ? null : store.Intern((facet as DatasetTypeDatasetFacet)?.DatasetType) ?? record.DatasetType;
                    record.TypeAt = stamp;
                    break;
                case DatasourceDatasetFacet.Key when stamp.Supersedes(record.SourceAt):
                    record.SourceName = deleted ? null : store.Intern((facet as DatasourceDatasetFacet)?.Name) ?? record.SourceName;
                    record.SourceUri = deleted ? null : store.Intern((facet as DatasourceDatasetFacet)?.Uri) ?? record.SourceUri;
                    record.SourceAt = stamp;
                    break;
                case TagsFacet.Key:
                    var tags = deleted ? null : store.Intern(DatasetTags(facet as TagsFacet));
                    StateHistory.Note(ref record.TagsHistory, stamp, tags, record.TagsAt, record.Tags);
                    if (stamp.Supersedes(record.TagsAt))
                    {
                        ApplyTags(record, deleted ? null : facet as TagsFacet);
                        record.TagsAt = stamp;
                    }

                    break;
                case LifecycleStateChangeDatasetFacet.Key when facet is LifecycleStateChangeDatasetFacet lifecycle && !deleted:
                    if (stamp.Supersedes(record.LifecycleAt))
                    {
                        record.LifecycleState = store.Intern(lifecycle.LifecycleStateChange);
                        record.LifecycleAt = stamp;
                    }

                    if (lifecycle.LifecycleStateChange == "DROP")
                    {
                        dropped = true;
                        if (record.Lifecycle is null)
                        {
                            record.Lifecycle = record.WrittenAt.IsSet ? [(record.WrittenAt, false)] : [];
                        }

                        StateHistory.Insert(record.Lifecycle, stamp, true);
                        if (stamp.Supersedes(record.DroppedAt))
                        {
                            record.DroppedAt = stamp;
                        }
                    }

                    break;
            }
        }

        // Written (or created) after its newest DROP, a dataset exists again; dropped after its newest write, it is
        // deleted. The two stamps decide, not the order the events arrived in.
        if (output && !dropped && stamp.Supersedes(record.WrittenAt))
        {
            record.WrittenAt = stamp;
        }

        if (output && !dropped && record.Lifecycle is not null)
        {
            StateHistory.Insert(record.Lifecycle, stamp, false);
        }

        store.SetDeleted(record, record.DroppedAt.IsSet && record.DroppedAt > record.WrittenAt, record.DroppedAt.Time);
    }

    // Every schema ever seen names fields; the newest schema decides their types.
    private void InternSchemaFields(int dataset, IReadOnlyList<SchemaField> fields, string prefix, bool newest)
    {
        // Index loops over the event's lists: a foreach over an IReadOnlyList allocates its enumerator.
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var name = prefix.Length == 0 ? field.Name : prefix + "." + field.Name;
            ref var record = ref store.FieldOf(store.InternField(dataset, name));
            if (newest || record.Type is null)
            {
                // The reader shares equal strings, so a type seen before is usually the very instance kept.
                record.Type = ReferenceEquals(field.Type, record.Type) ? record.Type : store.Intern(field.Type) ?? record.Type;
            }

            if (field.Fields.Count > 0)
            {
                InternSchemaFields(dataset, field.Fields, name, newest);
            }
        }
    }

    // The dataset's own tags in a tags facet (field tags are kept on the fields), as ApplyTags stores them.
    private static List<Tag>? DatasetTags(TagsFacet? facet)
    {
        List<Tag>? tags = null;
        foreach (var tag in facet?.Tags ?? [])
        {
            if (string.IsNullOrEmpty(tag.Field))
            {
                (tags ??= []).Add(tag);
            }
        }

        return tags;
    }

    private void ApplyTags(DatasetRecord record, TagsFacet? facet)
    {
        // The facet replaces every tag the dataset and its fields had before.
        if (record.Fields is not null)
        {
            foreach (var field in record.Fields)
            {
                store.FieldOf(field).Tags = null;
            }
        }

        List<Tag>? datasetTags = null;
        foreach (var tag in facet?.Tags ?? [])
        {
            if (string.IsNullOrEmpty(tag.Field))
            {
                (datasetTags ??= []).Add(tag);
                continue;
            }

            ref var field = ref store.FieldOf(store.InternField(record.Node, tag.Field));
            field.Tags = field.Tags is null ? [tag] : [.. field.Tags, tag];
        }

        record.Tags = store.Intern(datasetTags);
    }

    private void ApplyVersion(RunRecord run, int dataset, OutputDataset output, in RunDatasetRecord item, long time, int index, bool firstWrite)
    {
        var record = store.DatasetOf(dataset);
        var versions = record.Versions ??= [];
        DatasetVersionRecord? version = null;

        // A run writing the dataset for the first time has no version of it yet, so the search is skipped; unless
        // versions came from a dataset merged into this one, whose runs were recorded under the other name (and may
        // then have two versions here, the later of which is the one found).
        var at = -1;
        if (!firstWrite || record.Aliases is not null)
        {
            // A run's version is usually among the newest, so the newest are searched first. Runs that write one
            // dataset concurrently (or many at one event time) put thousands of other runs' versions after a run's
            // own, where a full pass made ingest quadratic; past the newest, while no run has two versions here, the
            // run is looked up instead (at once, once that lookup exists), and its place in the list is found only if
            // the version moves.
            var byRun = record.VersionByRun is { } current && current.Count == versions.Count ? current : null;
            if (byRun is null)
            {
                var stop = record.VersionRunsRepeat ? 0 : Math.Max(0, versions.Count - RecentVersions);
                at = LastVersionOf(versions, run.Node, versions.Count - 1, stop);
                if (at < 0 && stop > 0 && (byRun = VersionByRun(record, versions)) is null)
                {
                    at = LastVersionOf(versions, run.Node, stop - 1, 0);
                }
            }

            if (byRun is not null)
            {
                version = byRun.GetValueOrDefault(run.Node);
                at = version is null ? -1 : PlaceUnknown;
            }
            else if (at >= 0)
            {
                version = versions[at];
            }
        }

        if (version is null)
        {
            version = new DatasetVersionRecord(run.Node) { FirstSeen = time, RunOrder = GraphViews.RunOrderOf(run.Id) };
            versions.Add(version);
            record.VersionByRun?.TryAdd(run.Node, version);
            at = versions.Count - 1;
        }

        if (_sequence > 0 && (version.Sequence == 0 || time >= version.LastSeen))
        {
            // The newest event of the run holds the facets the version is shown with (Marquez's version facets).
            version.Sequence = _sequence;
            version.Index = index;
        }

        if (at == PlaceUnknown && time < version.FirstSeen)
        {
            // An earlier event of the run than any before: the version moves, from where it is now.
            at = GraphViews.IndexOfVersion(store, versions, version);
        }

        version.FirstSeen = Math.Min(version.FirstSeen, time);
        version.LastSeen = Math.Max(version.LastSeen, time);
        if (at != PlaceUnknown)
        {
            versions.Refresh(at);
            GraphViews.MoveIntoPlace(store, versions, at);
        }

        version.Version = output.Facets.Get<DatasetVersionDatasetFacet>()?.DatasetVersion ?? version.Version;
        version.Schema = store.Intern(output.Facets.Get<SchemaDatasetFacet>()?.Fields) ?? version.Schema;
        version.Statistics = item.Statistics;
        version.LifecycleState = store.Intern(output.Facets.Get<LifecycleStateChangeDatasetFacet>()?.LifecycleStateChange) ?? version.LifecycleState;
    }

    // How many of a dataset's newest versions are searched for a run's own before it is looked up by run.
    private const int RecentVersions = 64;

    // A version found by its run, whose place in the list is looked up only if it has to move.
    private const int PlaceUnknown = -2;

    // The index of the last version of the run from `from` down to `stop`, or -1.
    private static int LastVersionOf(VersionList versions, int run, int from, int stop)
    {
        for (var i = from; i >= stop; i--)
        {
            if (versions[i].Run == run)
            {
                return i;
            }
        }

        return -1;
    }

    // The dataset's versions by run, or null when some run has two (versions merged from an alias), which is then
    // remembered so the list is not read again to find it out.
    private static Dictionary<int, DatasetVersionRecord>? VersionByRun(DatasetRecord record, VersionList versions)
    {
        if (record.VersionByRun is { } byRun && byRun.Count == versions.Count)
        {
            return byRun;
        }

        byRun = new Dictionary<int, DatasetVersionRecord>(versions.Count);
        foreach (var version in versions)
        {
            if (!byRun.TryAdd(version.Run, version))
            {
                record.VersionByRun = null;
                record.VersionRunsRepeat = true;
                return null;
            }
        }

        return record.VersionByRun = byRun;
    }

    private void ApplyColumnLineage(DatasetRecord record, ColumnLineageDatasetFacet facet, long time)
    {
        var dataset = record.Node;
        var inputs = Inputs(facet);
        if (record.ColumnLineageEdges is { } known && known.Length == inputs && record.ColumnLineageLinks == store.Links && Repeats(record, facet, known))
        {
            // Every event of a run re-sends its outputs' column lineage, so most facets are the one this dataset's
            // edges were made from: they are found from the edges themselves, without interning a field again.
            TouchRepeated(facet, known, time);
            return;
        }

        // The input fields of one facet mostly come from one or two datasets: the last one interned is reused while
        // the next field names it too (interning it again would only find it and touch it at the same time).
        var last = (Id: default(DatasetId), Node: -1);
        var edges = new int[inputs];
        var e = 0;
        for (var f = 0; f < facet.Fields.Count; f++)
        {
            var field = facet.Fields[f];
            var target = store.InternField(dataset, field.Name);
            for (var i = 0; i < field.InputFields.Count; i++)
            {
                var input = field.InputFields[i];
                var transformations = input.Transformations.Count > 0 ? input.Transformations : Legacy(field);
                var source = store.InternField(InputDataset(input.Id.Dataset, time, ref last), input.Field);
                edges[e++] = AddColumnEdge(source, target, EdgeKind.ColumnLineage, transformations, time);
            }
        }

        for (var i = 0; i < facet.Dataset.Count; i++)
        {
            var input = facet.Dataset[i];
            var source = store.InternField(InputDataset(input.Id.Dataset, time, ref last), input.Field);
            var transformations = input.Transformations.Count > 0 ? input.Transformations : [new Transformation("INDIRECT")];
            edges[e++] = AddColumnEdge(source, dataset, EdgeKind.DatasetColumnLineage, transformations, time);
        }

        record.ColumnLineageEdges = edges;
        record.ColumnLineageLinks = store.Links;
    }

    private static int Inputs(ColumnLineageDatasetFacet facet)
    {
        var count = facet.Dataset.Count;
        for (var f = 0; f < facet.Fields.Count; f++)
        {
            count += facet.Fields[f].InputFields.Count;
        }

        return count;
    }

    // Whether `facet` names, in order, exactly the edges `known` (one per input, as many as it has) with the
    // transformations they carry now. Only facets that give every input its transformations and every field an input
    // qualify: the older forms make their transformations up per event, and a field without inputs has no edge to be
    // recognised by.
    private bool Repeats(DatasetRecord dataset, ColumnLineageDatasetFacet facet, int[] known)
    {
        var edges = store.Edges;
        var k = 0;
        for (var f = 0; f < facet.Fields.Count; f++)
        {
            var field = facet.Fields[f];
            if (field.InputFields.Count == 0)
            {
                // A field named without inputs makes no edge to recognise it by, only the field itself.
                return false;
            }

            for (var i = 0; i < field.InputFields.Count; i++)
            {
                ref readonly var edge = ref edges[known[k++]];
                if (edge.Kind != EdgeKind.ColumnLineage || !store.IsField(edge.To, dataset.Id, field.Name) || !IsInput(edge, field.InputFields[i]))
                {
                    return false;
                }
            }
        }

        for (var i = 0; i < facet.Dataset.Count; i++)
        {
            ref readonly var edge = ref edges[known[k++]];
            if (edge.Kind != EdgeKind.DatasetColumnLineage || edge.To != dataset.Node || !IsInput(edge, facet.Dataset[i]))
            {
                return false;
            }
        }

        return true;
    }

    private bool IsInput(in EdgeRecord edge, InputField input) =>
        !edge.Dead
        && input.Transformations.Count > 0
        && store.IsField(edge.From, input.Id.Dataset, input.Field)
        && store.IsTransformations(edge.Transformations, input.Transformations);

    // What applying a repeated facet changes: the input datasets were named again, and each edge was seen again.
    private void TouchRepeated(ColumnLineageDatasetFacet facet, int[] known, long time)
    {
        var k = 0;
        var lastDataset = -1;
        for (var f = 0; f < facet.Fields.Count; f++)
        {
            var inputs = facet.Fields[f].InputFields;
            for (var i = 0; i < inputs.Count; i++)
            {
                TouchEdge(known[k++], inputs[i].Transformations, time, ref lastDataset);
            }
        }

        for (var i = 0; i < facet.Dataset.Count; i++)
        {
            TouchEdge(known[k++], facet.Dataset[i].Transformations, time, ref lastDataset);
        }
    }

    private void TouchEdge(int edge, IReadOnlyList<Transformation> transformations, long time, ref int lastDataset)
    {
        ref readonly var record = ref store.Edges[edge];
        var source = store.DatasetOfField(record.From);
        if (source != lastDataset)
        {
            store.Touch(source, time);
            lastDataset = source;
        }

        var (masking, direct) = Classify(transformations);
        store.Widen(edge, time, record.Transformations, masking);
        store.SetDirect(edge, direct);
    }

    private int InputDataset(DatasetId id, long time, ref (DatasetId Id, int Node) last)
    {
        if (last.Node < 0 || !id.Equals(last.Id))
        {
            last = (id, store.InternDataset(id, time));
        }

        return last.Node;
    }

    private int AddColumnEdge(int source, int target, EdgeKind kind, IReadOnlyList<Transformation> transformations, long time)
    {
        var (masking, direct) = Classify(transformations);
        var index = store.AddEdge(source, target, kind, time, store.InternTransformations(transformations), masking);
        store.SetDirect(index, direct);
        return index;
    }

    // An edge masks the data when some transformation masks it and no unmasked DIRECT one copies it through; it is
    // direct when some transformation is (or none is given).
    private static (bool Masking, bool Direct) Classify(IReadOnlyList<Transformation> transformations)
    {
        var masking = false;
        var unmaskedDirect = false;
        var direct = false;
        for (var i = 0; i < transformations.Count; i++)
        {
            var t = transformations[i];
            masking |= t.IsMasking;
            var isDirect = !string.Equals(t.Type, "INDIRECT", StringComparison.OrdinalIgnoreCase);
            direct |= isDirect;
            unmaskedDirect |= isDirect && !t.IsMasking;
        }

        return (masking && !unmaskedDirect, direct || transformations.Count == 0);
    }

    // Producers before column lineage 1-2-0 describe the field as a whole (IDENTITY or MASKED), not per input.
    private static IReadOnlyList<Transformation> Legacy(ColumnLineageField field) => field.TransformationType switch
    {
        null when field.TransformationDescription is null => [],
        "MASKED" => [new Transformation("DIRECT", "TRANSFORMATION", field.TransformationDescription, Masking: true)],
        "IDENTITY" => [new Transformation("DIRECT", "IDENTITY", field.TransformationDescription)],
        _ => [new Transformation("DIRECT", "TRANSFORMATION", field.TransformationDescription)],
    };
}
