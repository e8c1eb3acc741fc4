namespace Tributary.Cli.Demo;

/// <summary>The retail pipeline's data (the second source document's customers, orders and products), generated from a seed.</summary>
internal static class RetailData
{
    private static readonly string[] FirstNames = ["John", "Jane", "Robert", "Maria", "Michael", "Sarah", "David", "Emma", "James", "Lisa"];
    private static readonly string[] LastNames = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis"];
    private static readonly string[] States = ["CA", "NY", "TX", "FL", "IL", "WA", "CO", "MA"];
    private static readonly string[] Categories = ["Electronics", "Clothing", "Home", "Sports", "Books"];

    public sealed record Customer(int CustomerId, string FirstName, string LastName, string Email, string State, DateOnly SignupDate);

    public sealed record Product(int ProductId, string ProductName, string Category, double Price, double Cost);

    public sealed record Order(int OrderId, int CustomerId, int ProductId, int Quantity, DateOnly OrderDate);

    public static List<Customer> Customers(Random random, int count) =>
        [.. Enumerable.Range(1, count).Select(i => new Customer(
            i,
            FirstNames[random.Next(FirstNames.Length)],
            LastNames[random.Next(LastNames.Length)],
            $"customer{i}@example.com",
            States[random.Next(States.Length)],
            new DateOnly(2020, 1, 1).AddDays(random.Next(0, 1461))))];

    /// <summary>Products; with <paramref name="pricingErrors"/> some costs are entered above their prices, as an ERP feed with bad data would.</summary>
    public static List<Product> Products(Random random, int count, int pricingErrors)
    {
        var products = Enumerable.Range(1, count).Select(i => new Product(
            i,
            $"Product {i}",
            Categories[random.Next(Categories.Length)],
            Math.Round(10.0 + (random.NextDouble() * 490.0), 2),
            0)).ToList();
        for (var i = 0; i < products.Count; i++)
        {
            var p = products[i];
            var cost = i < pricingErrors ? Math.Round(p.Price * 1.8, 2) : Math.Round(p.Price * (0.35 + (random.NextDouble() * 0.45)), 2);
            products[i] = p with { Cost = cost };
        }

        return products;
    }

    public static List<Order> Orders(Random random, int count, int customers, int products, DateOnly day) =>
        [.. Enumerable.Range(1, count).Select(i => new Order(i, random.Next(1, customers + 1), random.Next(1, products + 1), random.Next(1, 11), day.AddDays(-random.Next(0, 365))))];

    /// <summary>A rough size in bytes, for outputStatistics: the length of each row's text form.</summary>
    public static long SizeOf<T>(IEnumerable<T> rows) where T : notnull => rows.Sum(r => (long)r.ToString()!.Length);
}
