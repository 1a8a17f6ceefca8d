using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Governance.Workflows.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running Host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<WorkflowDbContext>
{
    public WorkflowDbContext CreateDbContext(string[] args) =>
        new((DbContextOptions<WorkflowDbContext>)new DbContextOptionsBuilder<WorkflowDbContext>()
            .UseGovernanceDatabase("Host=127.0.0.1;Database=governance;Username=governance;Password=governance")
            .Options);
}
