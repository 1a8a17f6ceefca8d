using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Tests.Architecture;

/// <summary>The schema is the migrations': Initial is folded by hand, so its snapshot must still say what the model says.</summary>
public sealed class MigrationTests(TestDatabase database)
{
    [Fact]
    public void The_model_has_no_change_the_migrations_lack()
    {
        using var db = database.CreateContext();

        Assert.False(db.Database.HasPendingModelChanges(), "the model differs from the migrations' snapshot: fold the change into Initial (migration, designer and snapshot)");
    }
}
