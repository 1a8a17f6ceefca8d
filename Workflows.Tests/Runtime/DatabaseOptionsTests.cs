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
}
