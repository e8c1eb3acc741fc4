using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Cli.Demo;

/// <summary>What the retail pipeline knows about its tables besides their SQL: schemas, owners, PII tags, documentation; and the SQL itself.</summary>
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

    public static readonly (string, string)[] CustomerFields = [("customer_id", "INT"), ("first_name", "STRING"), ("last_name", "STRING"), ("email", "STRING"), ("state", "STRING"), ("signup_date", "DATE")];
    public static readonly (string, string)[] ProductFields = [("product_id", "INT"), ("product_name", "STRING"), ("category", "STRING"), ("price", "DOUBLE"), ("cost", "DOUBLE")];
    public static readonly (string, string)[] OrderFields = [("order_id", "INT"), ("customer_id", "INT"), ("product_id", "INT"), ("quantity", "INT"), ("order_date", "DATE")];
    public static readonly (string, string)[] StagingFields = [("order_id", "INT"), ("customer_id", "INT"), ("first_name", "STRING"), ("last_name", "STRING"), ("email", "STRING"), ("state", "STRING"), ("product_id", "INT"), ("quantity", "INT"), ("order_date", "DATE")];
    public static readonly (string, string)[] SummaryFields = [("customer_id", "INT"), ("customer_name", "STRING"), ("customer_key", "STRING"), ("state", "STRING"), ("total_orders", "BIGINT"), ("total_items", "BIGINT"), ("total_revenue", "DOUBLE"), ("total_cost", "DOUBLE"), ("total_profit", "DOUBLE"), ("profit_margin_pct", "DOUBLE"), ("last_order_date", "DATE")];

    public static readonly Dataset CustomersDescribed = Describe(Customers, "Customer master data from CRM system", "data-engineering", CustomerFields, "first_name", "last_name", "email");
    public static readonly Dataset ProductsDescribed = Describe(Products, "Product catalog from inventory system", "product", ProductFields);
    public static readonly Dataset OrdersDescribed = Describe(Orders, "Transaction data from e-commerce platform", "sales", OrderFields);
    public static readonly Dataset StagingDescribed = Describe(Staging, "Staging table: customer orders joined data", "data-engineering", StagingFields);
    public static readonly Dataset SummaryDescribed = Describe(Summary, "Customer revenue summary with profit metrics", "analytics", SummaryFields);
    public static readonly Dataset[] Described = [CustomersDescribed, ProductsDescribed, OrdersDescribed, StagingDescribed, SummaryDescribed];

    /// <summary>The tables the pipeline's SQL runs on, created in the attached <c>governance_demo</c> database.</summary>
    public const string Ddl = """
        CREATE TABLE governance_demo.customers_source (customer_id INTEGER, first_name TEXT, last_name TEXT, email TEXT, state TEXT, signup_date TEXT);
        CREATE TABLE governance_demo.products_source (product_id INTEGER, product_name TEXT, category TEXT, price REAL, cost REAL);
        CREATE TABLE governance_demo.orders_source (order_id INTEGER, customer_id INTEGER, product_id INTEGER, quantity INTEGER, order_date TEXT);
        CREATE TABLE governance_demo.customer_revenue_summary (customer_id INTEGER, customer_name TEXT, customer_key TEXT, state TEXT, total_orders INTEGER,
            total_items INTEGER, total_revenue REAL, total_cost REAL, total_profit REAL, profit_margin_pct REAL, last_order_date TEXT);
        """;

    public const string StagingSql = """
        CREATE TABLE governance_demo.customer_orders_staging AS
        SELECT o.order_id, o.customer_id, c.first_name, c.last_name, c.email, c.state, o.product_id, o.quantity, o.order_date
        FROM governance_demo.orders_source o
        INNER JOIN governance_demo.customers_source c ON o.customer_id = c.customer_id
        """;

    public const string SummarySql = """
        INSERT INTO governance_demo.customer_revenue_summary
        SELECT co.customer_id, CONCAT(co.first_name, ' ', co.last_name) AS customer_name, SHA2(co.email, 256) AS customer_key, co.state,
               COUNT(DISTINCT co.order_id) AS total_orders, SUM(co.quantity) AS total_items,
               ROUND(SUM(co.quantity * p.price), 2) AS total_revenue, ROUND(SUM(co.quantity * p.cost), 2) AS total_cost,
               ROUND(SUM(co.quantity * p.price) - SUM(co.quantity * p.cost), 2) AS total_profit,
               ROUND((SUM(co.quantity * p.price) - SUM(co.quantity * p.cost)) / NULLIF(SUM(co.quantity * p.price), 0) * 100, 2) AS profit_margin_pct,
               MAX(co.order_date) AS last_order_date
        FROM governance_demo.customer_orders_staging co
        INNER JOIN governance_demo.products_source p ON co.product_id = p.product_id
        GROUP BY co.customer_id, co.first_name, co.last_name, co.email, co.state
        ORDER BY co.customer_id
        """;
}
