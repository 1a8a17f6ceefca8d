using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace Governance.Workflows.Tests.Runtime;

public sealed class DatabaseOptionsTests
{
    [Theory]
    [InlineData("Host=127.0.0.1;Database=governance", 64)]
    [InlineData("Host=127.0.0.1;Database=governance;Max Auto Prepare=0", 0)]
    [InlineData("Host=127.0.0.1;Database=governance;MaxAutoPrepare=10", 10)]
    public void Statements_are_auto_prepared_unless_the_connection_string_says_otherwise(string connectionString, int maxAutoPrepare)
    {
        var options = new DbContextOptionsBuilder<WorkflowDbContext>().UseGovernanceDatabase(connectionString).Options;

        var used = RelationalOptionsExtension.Extract(options).ConnectionString;

        Assert.Equal(maxAutoPrepare, new NpgsqlConnectionStringBuilder(used).MaxAutoPrepare);
    }

    // Each reset was a transaction of its own on every pooled use: most of an idle Host's cost (BENCHMARKS.md, "Idle").
    [Theory]
    [InlineData("Host=127.0.0.1;Database=governance", true)]
    [InlineData("Host=127.0.0.1;Database=governance;No Reset On Close=false", false)]
    [InlineData("Host=127.0.0.1;Database=governance;NoResetOnClose=false", false)]
    public void Pooled_connections_are_not_reset_between_uses_unless_the_connection_string_says_otherwise(string connectionString, bool noReset)
    {
        var options = new DbContextOptionsBuilder<WorkflowDbContext>().UseGovernanceDatabase(connectionString).Options;

        var used = RelationalOptionsExtension.Extract(options).ConnectionString;

        Assert.Equal(noReset, new NpgsqlConnectionStringBuilder(used).NoResetOnClose);
        Assert.Equal(used, WorkflowsServiceCollectionExtensions.TunedConnectionString(connectionString));
    }
}
