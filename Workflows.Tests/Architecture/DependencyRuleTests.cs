using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Governance.Engine.Runtime;
using Governance.Notifications;
using Governance.Workflows.Storage;
using NetArchTest.Rules;

namespace Governance.Workflows.Tests.Architecture;

/// <summary>
/// The engine stands on its own: it knows no feature, and the features use it through its public
/// surface only. The project references make the first rule; these tests keep both from rotting.
/// </summary>
public sealed partial class DependencyRuleTests
{
    private static readonly Assembly Engine = typeof(WorkflowRuntime).Assembly;
    private static readonly Assembly Features = typeof(WorkflowDbContext).Assembly;

    [Fact]
    public void The_engine_depends_on_no_feature_no_channel_and_no_host()
    {
        var result = Types.InAssembly(Engine).ShouldNot()
            .HaveDependencyOnAny("Governance.Workflows", "Governance.Notifications", "Governance.Host", "Microsoft.AspNetCore", "Hangfire", "Quartz")
            .GetResult();

        Assert.True(result.IsSuccessful, $"engine types that depend on a feature or a host: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void Notifications_depend_on_the_engine_and_on_no_feature()
    {
        var result = Types.InAssembly(typeof(OutboxDelivery).Assembly).ShouldNot()
            .HaveDependencyOnAny("Governance.Workflows", "Governance.Host")
            .GetResult();

        Assert.True(result.IsSuccessful, $"notification types that depend on a feature: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void The_features_hold_no_asp_net_hangfire_or_quartz_type()
    {
        var result = Types.InAssembly(Features).ShouldNot()
            .HaveDependencyOnAny("Microsoft.AspNetCore", "Hangfire", "Quartz", "Governance.Host", "Governance.Notifications")
            .GetResult();

        Assert.True(result.IsSuccessful, $"feature types that depend on a host or a channel: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    /// <summary>The engine's own tables are written by the engine: a feature's SQL never inserts into, updates or deletes from schema <c>wf</c>.</summary>
    [Fact]
    public void No_feature_writes_the_engines_tables()
    {
        var writes = FeatureSources()
            .SelectMany(f => WriteToEngineTable().Matches(File.ReadAllText(f)).Select(m => $"{Path.GetFileName(f)}: {m.Value}"))
            .ToList();

        Assert.Empty(writes);
    }

    /// <summary>The engine shows its insides to its own tests only: a feature that needs more of it asks for a public member.</summary>
    [Fact]
    public void The_engine_lets_no_feature_see_its_internals()
    {
        var friends = Engine.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName).ToList();

        Assert.Equal(["Workflows.Tests"], friends);
    }

    /// <summary>
    /// A feature's SQL names the engine's tables only to read them by column name, never by
    /// <c>SELECT *</c> or a column list copied from the engine: the runtime reads and locks the
    /// instances it moves itself (<c>EngineDbContext.ClaimAsync</c>).
    /// </summary>
    [Fact]
    public void No_feature_selects_every_column_of_an_engine_table()
    {
        var reads = FeatureSources()
            .SelectMany(f => StarFromEngineTable().Matches(File.ReadAllText(f)).Select(m => $"{Path.GetFileName(f)}: {m.Value}"))
            .ToList();

        Assert.Empty(reads);
    }

    private static IEnumerable<string> FeatureSources() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "Workflows"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string RepositoryRoot([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));

    [GeneratedRegex(@"(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+wf\.\w+", RegexOptions.IgnoreCase)]
    private static partial Regex WriteToEngineTable();

    [GeneratedRegex(@"SELECT\s+(\w+\.)?\*\s+FROM\s+wf\.\w+", RegexOptions.IgnoreCase)]
    private static partial Regex StarFromEngineTable();
}
