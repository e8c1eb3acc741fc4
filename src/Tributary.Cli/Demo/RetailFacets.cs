using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Cli.Demo;

/// <summary>The facets the retail pipeline attaches: schemas, owners, PII tags, documentation and column lineage.</summary>
internal static class RetailFacets
{
    public const string Lakehouse = "iceberg://nessie:19120";

    public static readonly DatasetId Crm = new("salesforce://crm.example.com", "Contact");
    public static readonly DatasetId Erp = new("oracle://erp.example.com:1521", "INVENTORY.PRODUCTS");
    public static readonly DatasetId Shop = new("shopify://shop.example.com", "orders");
    public static readonly DatasetId Customers = new(Lakehouse, "governance_demo.customers_source");
    public static readonly DatasetId Products = new(Lakehouse, "governance_demo.products_source");
    public static readonly DatasetId Orders = new(Lakehouse, "governance_demo.orders_source");
    public static readonly DatasetId Staging = new(Lakehouse, "governance_demo.customer_orders_staging");
    public static readonly DatasetId Summary = new(Lakehouse, "governance_demo.customer_revenue_summary");

    public static Dataset Describe(DatasetId id, string description, string owner, (string Name, string Type)[] fields, params string[] piiFields)
    {
        var facets = new List<KeyValuePair<string, Facet>>
        {
            new(SchemaDatasetFacet.Key, new SchemaDatasetFacet { Fields = [.. fields.Select(f => new SchemaField(f.Name, f.Type))] }),
            new(DocumentationFacet.Key, new DocumentationFacet(description)),
            new(OwnershipFacet.Key, new OwnershipFacet { Owners = [new Owner("team:" + owner, "MAINTAINER")] }),
            new(DatasetTypeDatasetFacet.Key, new DatasetTypeDatasetFacet("TABLE")),
            new(DatasourceDatasetFacet.Key, new DatasourceDatasetFacet { Name = "lakehouse", Uri = Lakehouse }),
        };
        if (piiFields.Length > 0)
        {
            facets.Add(new(TagsFacet.Key, new TagsFacet { Tags = [.. piiFields.Select(f => new Tag("pii", "true", "USER", f))] }));
        }

        return new Dataset(id) { Facets = new FacetSet(facets) };
    }

    public static InputDataset Input(Dataset dataset, long rows) => new(dataset.Id)
    {
        Facets = dataset.Facets,
        InputFacets = FacetSet.Empty.With(InputStatisticsInputDatasetFacet.Key, new InputStatisticsInputDatasetFacet { RowCount = rows }),
    };

    public static OutputDataset Output(Dataset dataset, long rows, long bytes, ColumnLineageDatasetFacet? lineage = null, DataQualityAssertionsDatasetFacet? checks = null)
    {
        var facets = dataset.Facets;
        if (lineage is not null)
        {
            facets = facets.With(ColumnLineageDatasetFacet.Key, lineage);
        }

        if (checks is not null)
        {
            facets = facets.With(DataQualityAssertionsDatasetFacet.Key, checks);
        }

        return new OutputDataset(dataset.Id)
        {
            Facets = facets,
            OutputFacets = FacetSet.Empty.With(OutputStatisticsOutputDatasetFacet.Key, new OutputStatisticsOutputDatasetFacet { RowCount = rows, Size = bytes }),
        };
    }

    public static InputField From(DatasetId dataset, string field, params Transformation[] transformations) =>
        new(dataset.Namespace, dataset.Name, field) { Transformations = transformations.Length == 0 ? [Transformation.Identity] : transformations };

    public static Transformation Direct(string subtype, string description, bool masking = false) => new("DIRECT", subtype, description, masking ? true : null);

    public static Transformation Indirect(string subtype, string description) => new("INDIRECT", subtype, description);

    /// <summary>customers + orders → staging: copied columns, joined on customer_id.</summary>
    public static ColumnLineageDatasetFacet StagingLineage()
    {
        var join = Indirect("JOIN", "INNER JOIN customers ON o.customer_id = c.customer_id");
        return new ColumnLineageDatasetFacet
        {
            Fields =
            [
                new("order_id", [From(Orders, "order_id")]),
                new("customer_id", [From(Orders, "customer_id")]),
                new("first_name", [From(Customers, "first_name")]),
                new("last_name", [From(Customers, "last_name")]),
                new("email", [From(Customers, "email")]),
                new("state", [From(Customers, "state")]),
                new("product_id", [From(Orders, "product_id")]),
                new("quantity", [From(Orders, "quantity")]),
                new("order_date", [From(Orders, "order_date")]),
            ],
            Dataset = [From(Orders, "customer_id", join), From(Customers, "customer_id", join)],
        };
    }

    /// <summary>staging + products → summary: the second source document's column lineage, plus a masked customer key.</summary>
    public static ColumnLineageDatasetFacet SummaryLineage()
    {
        var sum = (string what) => Direct("AGGREGATION", what);
        return new ColumnLineageDatasetFacet
        {
            Fields =
            [
                new("customer_id", [From(Staging, "customer_id")]),
                new("customer_name", [From(Staging, "first_name", Direct("TRANSFORMATION", "CONCAT(first_name, ' ', last_name)")), From(Staging, "last_name", Direct("TRANSFORMATION", "CONCAT(first_name, ' ', last_name)"))]),
                new("customer_key", [From(Staging, "email", Direct("TRANSFORMATION", "SHA2(email, 256)", masking: true))]),
                new("state", [From(Staging, "state")]),
                new("total_orders", [From(Staging, "order_id", sum("COUNT(DISTINCT order_id)"))]),
                new("total_items", [From(Staging, "quantity", sum("SUM(quantity)"))]),
                new("total_revenue", [From(Staging, "quantity", sum("SUM(quantity * price)")), From(Products, "price", sum("SUM(quantity * price)"))]),
                new("total_cost", [From(Staging, "quantity", sum("SUM(quantity * cost)")), From(Products, "cost", sum("SUM(quantity * cost)"))]),
                new("total_profit", [From(Staging, "quantity", sum("SUM(quantity * price) - SUM(quantity * cost)")), From(Products, "price", sum("SUM(quantity * price) - SUM(quantity * cost)")), From(Products, "cost", sum("SUM(quantity * price) - SUM(quantity * cost)"))]),
                new("profit_margin_pct", [From(Staging, "quantity", sum("(revenue - cost) / revenue * 100")), From(Products, "price", sum("(revenue - cost) / revenue * 100")), From(Products, "cost", sum("(revenue - cost) / revenue * 100"))]),
                new("last_order_date", [From(Staging, "order_date", sum("MAX(order_date)"))]),
            ],
            Dataset =
            [
                From(Staging, "product_id", Indirect("JOIN", "INNER JOIN products ON co.product_id = p.product_id")),
                From(Products, "product_id", Indirect("JOIN", "INNER JOIN products ON co.product_id = p.product_id")),
                From(Staging, "customer_id", Indirect("GROUP_BY", "GROUP BY customer_id, first_name, last_name, email, state")),
            ],
        };
    }

    public static readonly (string, string)[] CustomerFields = [("customer_id", "INT"), ("first_name", "STRING"), ("last_name", "STRING"), ("email", "STRING"), ("state", "STRING"), ("signup_date", "DATE")];
    public static readonly (string, string)[] ProductFields = [("product_id", "INT"), ("product_name", "STRING"), ("category", "STRING"), ("price", "DOUBLE"), ("cost", "DOUBLE")];
    public static readonly (string, string)[] OrderFields = [("order_id", "INT"), ("customer_id", "INT"), ("product_id", "INT"), ("quantity", "INT"), ("order_date", "DATE")];
    public static readonly (string, string)[] StagingFields = [("order_id", "INT"), ("customer_id", "INT"), ("first_name", "STRING"), ("last_name", "STRING"), ("email", "STRING"), ("state", "STRING"), ("product_id", "INT"), ("quantity", "INT"), ("order_date", "DATE")];
    public static readonly (string, string)[] SummaryFields = [("customer_id", "INT"), ("customer_name", "STRING"), ("customer_key", "STRING"), ("state", "STRING"), ("total_orders", "BIGINT"), ("total_items", "BIGINT"), ("total_revenue", "DOUBLE"), ("total_cost", "DOUBLE"), ("total_profit", "DOUBLE"), ("profit_margin_pct", "DOUBLE"), ("last_order_date", "DATE")];

    public const string StagingSql = """
        SELECT o.order_id, o.customer_id, c.first_name, c.last_name, c.email, c.state, o.product_id, o.quantity, o.order_date
        FROM governance_demo.orders_source o
        INNER JOIN governance_demo.customers_source c ON o.customer_id = c.customer_id
        """;

    public const string SummarySql = """
        SELECT co.customer_id, CONCAT(co.first_name, ' ', co.last_name) AS customer_name, SHA2(co.email, 256) AS customer_key, co.state,
               COUNT(DISTINCT co.order_id) AS total_orders, SUM(co.quantity) AS total_items,
               ROUND(SUM(co.quantity * p.price), 2) AS total_revenue, ROUND(SUM(co.quantity * p.cost), 2) AS total_cost,
               ROUND(SUM(co.quantity * p.price) - SUM(co.quantity * p.cost), 2) AS total_profit,
               ROUND((SUM(co.quantity * p.price) - SUM(co.quantity * p.cost)) / NULLIF(SUM(co.quantity * p.price), 0) * 100, 2) AS profit_margin_pct,
               MAX(co.order_date) AS last_order_date
        FROM governance_demo.customer_orders_staging co
        INNER JOIN governance_demo.products_source p ON co.product_id = p.product_id
        GROUP BY co.customer_id, co.first_name, co.last_name, co.email, co.state
        """;
}
