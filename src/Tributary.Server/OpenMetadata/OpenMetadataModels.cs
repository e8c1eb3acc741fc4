namespace Tributary.Server.OpenMetadata;

// The shapes of OpenMetadata's JSON schemas (openmetadata-spec: type/entityReference.json, type/entityLineage.json,
// entity/data/table.json, api/lineage/searchLineageResult.json, esLineageData.json, nodeInformation.json and
// openlineage/openLineageResponse.json). Several are "additionalProperties": false, and OpenMetadata's SDK rejects
// unknown keys, so these records carry exactly the schema's properties and nothing of Tributary's own.

/// <summary>A reference to an entity: a table (a dataset) or a pipeline (a job).</summary>
/// <param name="Id">The entity's stable, name-based UUID.</param>
/// <param name="Type"><c>table</c> or <c>pipeline</c>.</param>
public sealed record EntityReference(Guid Id, string Type)
{
    /// <summary>The entity's own name (the table or job name).</summary>
    public string? Name { get; init; }

    /// <summary>The fully qualified name: <c>service.database.schema.table</c> or <c>service.pipeline</c>.</summary>
    public string? FullyQualifiedName { get; init; }

    /// <summary>The description, when the producer sent one.</summary>
    public string? Description { get; init; }

    /// <summary>The name to show: the OpenLineage namespace and name.</summary>
    public string? DisplayName { get; init; }

    /// <summary>True when the dataset was dropped or the job deleted.</summary>
    public bool Deleted { get; init; }

    /// <summary>Where the entity is read: <c>/api/v1/tables/{id}</c> (pipelines have no resource here, so null).</summary>
    public string? Href { get; init; }
}

/// <summary>The lineage of one entity, OpenMetadata's <c>EntityLineage</c>.</summary>
/// <param name="Entity">The entity asked for.</param>
/// <param name="Nodes">Every other entity in the answer.</param>
/// <param name="UpstreamEdges">Edges on the upstream side of the entity.</param>
/// <param name="DownstreamEdges">Edges on the downstream side of the entity.</param>
public sealed record EntityLineage(EntityReference Entity, IReadOnlyList<EntityReference> Nodes, IReadOnlyList<LineageEdgeResource> UpstreamEdges, IReadOnlyList<LineageEdgeResource> DownstreamEdges);

/// <summary>One edge of an <see cref="EntityLineage"/>, by entity ids (the schema's <c>edge</c>).</summary>
/// <param name="FromEntity">The upstream entity's id.</param>
/// <param name="ToEntity">The downstream entity's id.</param>
public sealed record LineageEdgeResource(Guid FromEntity, Guid ToEntity)
{
    /// <summary>What the edge is, when known (the description AddLineage was given).</summary>
    public string? Description { get; init; }

    /// <summary>The SQL, column pairs and pipeline of a table-to-table edge.</summary>
    public LineageDetails? LineageDetails { get; init; }
}

/// <summary>How one table feeds another: the SQL, the column pairs and the pipeline that runs it.</summary>
public sealed record LineageDetails
{
    /// <summary>The SQL of the job that makes the edge.</summary>
    public string? SqlQuery { get; init; }

    /// <summary>Which upstream columns each downstream column is computed from.</summary>
    public IReadOnlyList<ColumnLineageResource> ColumnsLineage { get; init; } = [];

    /// <summary>The pipeline (job) the edge goes through; null for lineage added by hand without one.</summary>
    public EntityReference? Pipeline { get; init; }

    /// <summary>The edge's description.</summary>
    public string? Description { get; init; }

    /// <summary><c>Manual</c> for lineage added through AddLineage, <c>OpenLineage</c> for lineage from events.</summary>
    public string? Source { get; init; }
}

/// <summary>The columns one downstream column is computed from.</summary>
/// <param name="FromColumns">The upstream columns' fully qualified names.</param>
/// <param name="ToColumn">The downstream column's fully qualified name.</param>
/// <param name="Function">How (the transformation's description, or its subtype), or null.</param>
public sealed record ColumnLineageResource(IReadOnlyList<string> FromColumns, string ToColumn, string? Function);

/// <summary>A dataset as an OpenMetadata table.</summary>
/// <param name="Id">The table's stable, name-based UUID.</param>
/// <param name="Name">The table name (the last part of its fully qualified name).</param>
/// <param name="FullyQualifiedName"><c>service.database.schema.table</c>.</param>
/// <param name="Columns">The columns, in the order of the dataset's schema.</param>
public sealed record TableEntity(Guid Id, string Name, string FullyQualifiedName, IReadOnlyList<ColumnEntity> Columns)
{
    /// <summary>The OpenLineage namespace and name.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The dataset's description.</summary>
    public string? Description { get; init; }

    /// <summary><c>View</c> for a view, <c>Regular</c> otherwise.</summary>
    public string TableType { get; init; } = "Regular";

    /// <summary>The schema the table is in.</summary>
    public EntityReference? DatabaseSchema { get; init; }

    /// <summary>The database the table is in.</summary>
    public EntityReference? Database { get; init; }

    /// <summary>The service (from the OpenLineage namespace).</summary>
    public EntityReference? Service { get; init; }

    /// <summary>This resource's address.</summary>
    public string? Href { get; init; }

    /// <summary>True when the dataset was dropped.</summary>
    public bool Deleted { get; init; }

    /// <summary>The entity version OpenMetadata's clients expect; Tributary's tables are always at 0.1.</summary>
    public double Version { get; init; } = 0.1;

    /// <summary>When an event last mentioned the dataset, in milliseconds since 1970.</summary>
    public long UpdatedAt { get; init; }
}

/// <summary>One column of a <see cref="TableEntity"/>.</summary>
/// <param name="Name">The column name.</param>
/// <param name="DataType">OpenMetadata's type (<c>INT</c>, <c>VARCHAR</c>, …; <c>UNKNOWN</c> when the schema gave none it knows).</param>
public sealed record ColumnEntity(string Name, string DataType)
{
    /// <summary>The type as the producer wrote it.</summary>
    public string? DataTypeDisplay { get; init; }

    /// <summary>The length of a <c>VARCHAR(n)</c>-like type.</summary>
    public int? DataLength { get; init; }

    /// <summary>The column's description from the schema facet.</summary>
    public string? Description { get; init; }

    /// <summary>The table's fully qualified name, then the column.</summary>
    public string? FullyQualifiedName { get; init; }

    /// <summary>The 1-based position in the schema.</summary>
    public int OrdinalPosition { get; init; }
}

/// <summary>A page of tables, as OpenMetadata lists entities.</summary>
/// <param name="Data">The tables of this page.</param>
/// <param name="Paging">Cursors to the neighbouring pages and the total.</param>
public sealed record TableList(IReadOnlyList<TableEntity> Data, EntityPaging Paging);

/// <summary>OpenMetadata's cursor paging.</summary>
/// <param name="Total">How many entities there are in all.</param>
public sealed record EntityPaging(int Total)
{
    /// <summary>The cursor of the previous page (pass as <c>before</c>), or null on the first.</summary>
    public string? Before { get; init; }

    /// <summary>The cursor of the next page (pass as <c>after</c>), or null on the last.</summary>
    public string? After { get; init; }
}

/// <summary>The answer of OpenMetadata's OpenLineage receiver.</summary>
/// <param name="Status"><c>success</c>, <c>partial_success</c> or <c>failure</c>.</param>
public sealed record OpenLineageResponse(string Status)
{
    /// <summary>What happened, in words.</summary>
    public string? Message { get; init; }

    /// <summary>The counts of a batch (null for a single event).</summary>
    public ProcessingSummary? Summary { get; init; }

    /// <summary>The events of a batch that were not stored, with why (null for a single event).</summary>
    public IReadOnlyList<OpenLineageFailedEvent>? FailedEvents { get; init; }

    /// <summary>Table-to-table edges the accepted events added to the graph.</summary>
    public int LineageEdgesCreated { get; init; }
}

/// <summary>The counts of a batch.</summary>
/// <param name="Received">Events in the batch.</param>
/// <param name="Successful">Events stored now or already stored.</param>
/// <param name="Failed">Events rejected.</param>
/// <param name="Skipped">Events skipped (always 0: every valid event is kept, START and RUNNING too).</param>
public sealed record ProcessingSummary(int Received, int Successful, int Failed, int Skipped);

/// <summary>One rejected event of a batch.</summary>
/// <param name="Index">Its 0-based position in <c>events</c>.</param>
/// <param name="Reason">Why, with JSON paths (<c>$.events[3].run.runId: …</c>).</param>
/// <param name="Retriable">Whether sending it again unchanged could work (false: it is invalid).</param>
public sealed record OpenLineageFailedEvent(int Index, string Reason, bool Retriable);

/// <summary>OpenMetadata's <c>SearchLineageResult</c>: nodes by fully qualified name and edges by id.</summary>
/// <param name="Paging">How many nodes each layer has.</param>
/// <param name="Nodes">Each node (the entity asked for too) by its fully qualified name.</param>
/// <param name="UpstreamEdges">Edges upstream of the entity, by <c>fromId-toId</c>.</param>
/// <param name="DownstreamEdges">Edges downstream of the entity, by <c>fromId-toId</c>.</param>
public sealed record SearchLineageResult(
    DirectionPaging Paging,
    IReadOnlyDictionary<string, NodeInformation> Nodes,
    IReadOnlyDictionary<string, SearchLineageEdge> UpstreamEdges,
    IReadOnlyDictionary<string, SearchLineageEdge> DownstreamEdges);

/// <summary>The layers on each side.</summary>
/// <param name="Upstream">Upstream layers, nearest first.</param>
/// <param name="Downstream">Downstream layers, nearest first.</param>
public sealed record DirectionPaging(IReadOnlyList<LayerPaging> Upstream, IReadOnlyList<LayerPaging> Downstream);

/// <summary>One layer: its number (1 = next to the entity) and how many nodes it has.</summary>
/// <param name="LayerNumber">The distance from the entity.</param>
/// <param name="Total">Nodes in the layer, all of them, whatever page was asked for.</param>
public sealed record LayerPaging(int LayerNumber, long Total);

/// <summary>A node of a <see cref="SearchLineageResult"/>.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="NodeDepth">0 for the entity asked for, then the number of hops.</param>
public sealed record NodeInformation(EntityReference Entity, int NodeDepth);

/// <summary>An edge of a <see cref="SearchLineageResult"/> (OpenMetadata's <c>EsLineageData</c>).</summary>
/// <param name="FromEntity">The upstream entity.</param>
/// <param name="ToEntity">The downstream entity.</param>
public sealed record SearchLineageEdge(RelationshipRef FromEntity, RelationshipRef ToEntity)
{
    /// <summary>The pipeline between the two, or null.</summary>
    public EntityReference? Pipeline { get; init; }

    /// <summary>The SQL of that pipeline.</summary>
    public string? SqlQuery { get; init; }

    /// <summary>The column pairs.</summary>
    public IReadOnlyList<ColumnLineageResource> Columns { get; init; } = [];

    /// <summary>The edge's description.</summary>
    public string? Description { get; init; }

    /// <summary><c>Manual</c> or <c>OpenLineage</c>.</summary>
    public string? Source { get; init; }

    /// <summary>The edge's key: <c>fromId-toId</c>.</summary>
    public string? Doc_id { get; init; }

    /// <summary><c>pipeline</c> when a pipeline is between the two.</summary>
    public string? PipelineEntityType { get; init; }
}

/// <summary>An entity an edge of a <see cref="SearchLineageResult"/> joins.</summary>
/// <param name="Id">Its id.</param>
/// <param name="FullyQualifiedName">Its fully qualified name.</param>
/// <param name="Type"><c>table</c> or <c>pipeline</c>.</param>
public sealed record RelationshipRef(Guid Id, string FullyQualifiedName, string Type);
