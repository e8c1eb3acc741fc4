namespace Tributary.Tests.Support;

/// <summary>Events that follow the demo store's story, for tests that move it on.</summary>
public static class DemoCheckEvents
{
    /// <summary>
    /// Writes, into <paramref name="folder"/>, a run of the summary's job after the demo's third night whose
    /// <c>profit_non_negative</c> check passes again; returns the file's path.
    /// </summary>
    public static async Task<string> WritePassingProfitCheckAsync(string folder)
    {
        var path = Path.Combine(folder, "passing.json");
        await File.WriteAllTextAsync(path, """
            {"eventType":"COMPLETE","eventTime":"2025-01-18T02:00:00Z","producer":"https://example.com/checks","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent",
             "run":{"runId":"01947a00-0000-7000-8000-000000000001"},"job":{"namespace":"openlakes","name":"customer_revenue_aggregation"},
             "inputs":[],"outputs":[{"namespace":"iceberg://nessie:19120","name":"governance_demo.customer_revenue_summary",
               "facets":{"dataQualityAssertions":{"_producer":"https://example.com/checks","_schemaURL":"https://openlineage.io/spec/facets/1-0-1/DataQualityAssertionsDatasetFacet.json",
                 "assertions":[{"assertion":"profit_non_negative","success":true,"column":"total_profit"}]}}}]}
            """);
        return path;
    }
}
