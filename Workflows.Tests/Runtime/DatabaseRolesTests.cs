using Governance.Host.Auth;
using Governance.Host.Operations;
using Governance.Engine.Runtime;
using Governance.Workflows.Storage;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Governance.Workflows.Tests.Runtime;

/// <summary>
/// The database protects what must not change from the application itself: the role the Host
/// (and so every test) connects as owns nothing, and may only add to and read the ledger and the
/// reveals. What refuses it here is PostgreSQL's privilege system, before any trigger runs.
/// </summary>
public sealed class DatabaseRolesTests(TestDatabase database)
{
    private static readonly Actor Staff = new("s1", "窗口人员", Roles.WindowStaff, "test/1");

    [Theory]
    [InlineData("wf.ledger", "ledger_no_update_delete")]
    [InlineData("privacy.reveals", "reveals_no_update_delete")]
    public async Task The_application_role_may_not_change_remove_or_unguard_an_append_only_table(string table, string trigger)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);

        foreach (var sql in new[]
        {
            $"UPDATE {table} SET id = id",
            $"DELETE FROM {table}",
            $"TRUNCATE {table}",
            $"ALTER TABLE {table} DISABLE TRIGGER {trigger}",
            $"ALTER TABLE {table} DISABLE TRIGGER ALL",
            $"DROP TRIGGER {trigger} ON {table}",
            $"DROP TABLE {table}",
            $"ALTER TABLE {table} OWNER TO CURRENT_USER",

            // Replica mode would skip the triggers for the session.
            "SET session_replication_role = replica",
        })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync(ct));
            Assert.True(error.SqlState == PostgresErrorCodes.InsufficientPrivilege, $"{sql}: {error.SqlState} {error.MessageText}");

            // The privilege system said no, not the append-only trigger (which raises the same code).
            Assert.DoesNotContain("append-only", error.MessageText, StringComparison.Ordinal);
        }

        await using var triggers = new NpgsqlCommand("SELECT tgenabled FROM pg_trigger WHERE tgname = @trigger", connection);
        triggers.Parameters.AddWithValue("trigger", trigger);
        Assert.Equal('O', await triggers.ExecuteScalarAsync(ct));
    }

    [Fact]
    public async Task The_application_role_adds_to_and_reads_the_append_only_tables_and_a_whole_transition_commits()
    {
        var ct = TestContext.Current.CancellationToken;
        var harness = new RuntimeHarness(database, extra: TestDefinitions.Review());
        var instance = await harness.Runtime.InTransactionAsync((db, c) => harness.Runtime.StartAsync(db, "test-review", $"test/1/{Guid.NewGuid():N}", "申请", new { }, Staff, c));
        var approved = await harness.Runtime.FireAsync(new Stimulus(instance.Id, "approve", Staff, instance.Version));

        Assert.Equal(TransitionOutcome.Applied, approved.Outcome);
        await using (var db = database.CreateContext())
        {
            Assert.Equal("Approved", (await db.Instances.SingleAsync(i => i.Id == instance.Id, ct)).State);
            Assert.Equal([LedgerKind.Started, LedgerKind.Transition], await db.Ledger.Where(l => l.InstanceId == instance.Id).OrderBy(l => l.Id).Select(l => l.Kind).ToListAsync(ct));
        }

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        var subject = Guid.NewGuid();
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO privacy.reveals (at, actor_id, actor_name, actor_role, subject, subject_id, org_unit, field)
            VALUES (now(), 's1', '窗口人员', 'window-staff', 'test', @subject, 'test/1', 'phone') RETURNING id
            """,
            connection);
        insert.Parameters.AddWithValue("subject", subject);
        var id = (long)(await insert.ExecuteScalarAsync(ct))!;
        await using var select = new NpgsqlCommand("SELECT subject_id FROM privacy.reveals WHERE id = @id", connection);
        select.Parameters.AddWithValue("id", id);
        Assert.Equal(subject, await select.ExecuteScalarAsync(ct));
    }

    [Fact]
    public async Task The_application_role_owns_nothing_and_may_create_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var owned = new NpgsqlCommand(
            """
            SELECT 'database ' || datname FROM pg_database WHERE datname = current_database() AND datdba = current_user::regrole
            UNION ALL SELECT 'schema ' || nspname FROM pg_namespace WHERE nspowner = current_user::regrole
            UNION ALL SELECT 'relation ' || oid::regclass::text FROM pg_class WHERE relowner = current_user::regrole
            UNION ALL SELECT 'function ' || oid::regprocedure::text FROM pg_proc WHERE proowner = current_user::regrole
            UNION ALL SELECT 'type ' || oid::regtype::text FROM pg_type WHERE typowner = current_user::regrole
            UNION ALL SELECT 'may create in database' WHERE has_database_privilege(current_database(), 'CREATE')
            UNION ALL SELECT 'may create in schema ' || nspname FROM pg_namespace WHERE has_schema_privilege(oid, 'CREATE')
            """,
            connection);
        var found = new List<string>();
        await using (var reader = await owned.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                found.Add(reader.GetString(0));
            }
        }

        Assert.Empty(found);

        // The tables are there, the owner's: the Host's migrations, Hangfire's and Quartz's.
        await using var owners = new NpgsqlCommand(
            "SELECT count(DISTINCT relowner), count(*) FROM pg_class WHERE oid IN ('wf.ledger'::regclass, 'privacy.reveals'::regclass, 'hangfire.job'::regclass, 'qrtz_triggers'::regclass)",
            connection);
        await using var counts = await owners.ExecuteReaderAsync(ct);
        Assert.True(await counts.ReadAsync(ct));
        Assert.Equal((1L, 4L), (counts.GetInt64(0), counts.GetInt64(1)));
    }

    [Fact]
    public async Task Without_the_owner_connection_the_Host_changes_nothing_and_refuses_a_schema_that_is_not_current()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var current = database.CreateContext())
        await using (var auth = AuthContext(database.ConnectionString))
        {
            await DatabaseSchema.RequireCurrentAsync(current, auth, ct);
        }

        var empty = new NpgsqlConnectionStringBuilder(database.OwnerConnectionString);
        var name = $"{empty.Database}_unmigrated";
        var server = new NpgsqlConnectionStringBuilder(database.OwnerConnectionString) { Database = "postgres", Pooling = false };
        await ExecuteAsync(server.ConnectionString, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", ct);
        await ExecuteAsync(server.ConnectionString, $"CREATE DATABASE \"{name}\"", ct);
        try
        {
            var application = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = name, Pooling = false }.ConnectionString;
            await using var workflows = new WorkflowDbContext((DbContextOptions<WorkflowDbContext>)new DbContextOptionsBuilder<WorkflowDbContext>().UseGovernanceDatabase(application).Options);
            await using var auth = AuthContext(application);
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => DatabaseSchema.RequireCurrentAsync(workflows, auth, ct));
            Assert.Contains($"'{DatabaseSchema.OwnerConnectionStringName}' is not configured", error.Message, StringComparison.Ordinal);

            await using var schemas = new NpgsqlConnection(application);
            await schemas.OpenAsync(ct);
            await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_namespace WHERE nspname IN ('wf', 'auth')", schemas);
            Assert.Equal(0L, await count.ExecuteScalarAsync(ct));
        }
        finally
        {
            await ExecuteAsync(server.ConnectionString, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", CancellationToken.None);
        }
    }

    [Fact]
    public void An_owner_connection_to_another_database_is_refused()
    {
        var other = new NpgsqlConnectionStringBuilder(database.OwnerConnectionString);
        other.Database += "_other";

        var error = Assert.Throws<InvalidOperationException>(() => DatabaseSchema.ApplicationRole(database.ConnectionString, other.ConnectionString));

        Assert.Contains("both must name the same database", error.Message, StringComparison.Ordinal);
        Assert.Equal(new NpgsqlConnectionStringBuilder(database.ConnectionString).Username, DatabaseSchema.ApplicationRole(database.ConnectionString, database.OwnerConnectionString));
    }

    private static AuthDbContext AuthContext(string connectionString) =>
        new((DbContextOptions<AuthDbContext>)new DbContextOptionsBuilder<AuthDbContext>().UseAuthDatabase(connectionString).Options);

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
