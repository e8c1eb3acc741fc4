using Microsoft.Extensions.Configuration;
using Tributary.Query;
using Tributary.Server.Hosting;

namespace Tributary.Cli;

/// <summary>
/// The settings every command reads, from the sources the server reads them from (less its command line):
/// <c>appsettings.json</c> beside the program, <c>appsettings.{Environment}.json</c> there, <c>appsettings.json</c> in
/// the working directory, then environment variables (<c>Tributary__Classifications__Policies__0__Tag</c>), later
/// ones winning. So a query on the command line and the same query to a server started here answer alike.
/// </summary>
internal static class CliSettings
{
    /// <summary>The classification policies in force (<c>Tributary:Classifications:Policies</c>); a bad setting is a <see cref="CliException"/> naming it.</summary>
    public static IReadOnlyList<ClassificationPolicy> ClassificationPolicies()
    {
        try
        {
            return ClassificationSettings.From(Read());
        }
        catch (Exception ex) when (ex is InvalidOperationException or InvalidDataException or FormatException)
        {
            throw new CliException("settings: " + ex.Message);
        }
    }

    private static IConfiguration Read()
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production";
        return new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, $"appsettings.{environment}.json"), optional: true, reloadOnChange: false)
            .AddJsonFile(Path.Combine(Environment.CurrentDirectory, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .Build();
    }
}
