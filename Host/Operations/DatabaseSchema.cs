using Governance.Host.Auth;
using Governance.Workflows;
using Governance.Workflows.Storage;
using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Quartz.Impl.AdoJobStore;

namespace Governance.Host.Operations;

/// <summary>
/// The database's shape and who may do what in it. Two roles: the owner (connection string
/// <c>GovernanceOwner</c>) owns every schema, table, sequence and trigger function; it applies
/// the EF Core migrations, creates Hangfire's and Quartz's tables, and grants the application
/// role (connection string <c>Governance</c>, what requests and background work use) the rows it
/// needs and nothing more. The application role owns nothing, so it can neither alter nor drop a
/// table nor disable or drop the triggers that keep the ledger append-only, and on the
/// append-only tables it may only insert and read.
/// </summary>
public static class DatabaseSchema
{
    public const string OwnerConnectionStringName = "GovernanceOwner";

    public const string HangfireSchemaName = "hangfire";

    /// <summary>
    /// Rows that are added and read, never changed or removed: their triggers refuse even the
    /// owner, and the application role is not granted UPDATE, DELETE or TRUNCATE on them at all.
    /// </summary>
    public static readonly IReadOnlyList<(string Schema, string Table)> AppendOnlyTables =
    [
        ("wf", "ledger"),
        ("privacy", "reveals"),
        ("wf", "holiday_years"),
        ("sanling", "ranking_months"),
        ("sanling", "ranking_townships"),
        ("sanling", "ranking_places"),

        // 防返贫: what a bureau's file said stays as it said it.
        ("poverty", "medical_claims"),
    ];

    /// <summary>EF Core's migration history: the application role reads it (to check the schema is current) and writes none of it.</summary>
    private static readonly (string Schema, string Table)[] MigrationHistories = [("wf", "__migrations"), ("auth", "__migrations")];

    // Hosts that start together provision one after another: two sessions granting on the same
    // table at once fail ("tuple concurrently updated"). Any key nothing else here takes will do.
    private const long ProvisioningLock = 0x676f765f6f776e;

    // The script Quartz itself runs for SchemaProvisioning.CreateIfMissing: every statement creates
    // only what is missing, so it is safe on a schema that exists.
    private const string QuartzSchemaResource = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";

    /// <summary>
    /// As the owner: migrates both contexts, creates Hangfire's and Quartz's tables if missing,
    /// then sets the application role's rights on every table and sequence there is.
    /// </summary>
    public static async Task ApplyAsync(string ownerConnectionString, string applicationRole, CancellationToken ct)
    {
        // Connections of their own, closed at the end: the session lock ends with this one (a
        // pooled one would keep it while it waits in the pool), and the Host keeps no idle
        // connection as the owner once it has started.
        var unpooled = new NpgsqlConnectionStringBuilder(ownerConnectionString) { Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(unpooled);
        await connection.OpenAsync(ct);
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({ProvisioningLock})", ct);

        await using (var workflows = new WorkflowDbContext((DbContextOptions<WorkflowDbContext>)new DbContextOptionsBuilder<WorkflowDbContext>().UseGovernanceDatabase(unpooled).Options))
        {
            await workflows.Database.MigrateAsync(ct);
        }

        await using (var auth = new AuthDbContext((DbContextOptions<AuthDbContext>)new DbContextOptionsBuilder<AuthDbContext>().UseAuthDatabase(unpooled).Options))
        {
            await auth.Database.MigrateAsync(ct);
        }

        PostgreSqlObjectsInstaller.Install(connection, HangfireSchemaName);
        await ExecuteAsync(connection, null, QuartzSchemaScript(), ct);
        await GrantAsync(connection, applicationRole, ct);
    }

    /// <summary>
    /// Without the owner's connection the Host changes nothing in the schema: it only checks, as
    /// the application role, that every migration has been applied, and refuses to start if not.
    /// </summary>
    public static async Task RequireCurrentAsync(WorkflowDbContext workflows, AuthDbContext auth, CancellationToken ct)
    {
        var pending = (await workflows.Database.GetPendingMigrationsAsync(ct)).Concat(await auth.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            throw new InvalidOperationException(
                $"The database schema is not current ({pending.Count} migrations pending: {string.Join(", ", pending)}), and connection string "
                + $"'{OwnerConnectionStringName}' is not configured, so this Host may not migrate it. Configure '{OwnerConnectionStringName}' "
                + "with the owner role (governance_owner), or start one Host that has it.");
        }
    }

    /// <summary>
    /// The application role's name, from its connection string, once the owner's is seen to name
    /// the same server and database: an owner string left over from another database (an
    /// inherited environment variable, say) would otherwise migrate and grant there.
    /// </summary>
    public static string ApplicationRole(string applicationConnectionString, string ownerConnectionString)
    {
        var application = new NpgsqlConnectionStringBuilder(applicationConnectionString);
        var owner = new NpgsqlConnectionStringBuilder(ownerConnectionString);
        if (!string.Equals(application.Host, owner.Host, StringComparison.OrdinalIgnoreCase) || application.Port != owner.Port || application.Database != owner.Database)
        {
            throw new InvalidOperationException(
                $"Connection string '{OwnerConnectionStringName}' names {owner.Host}:{owner.Port}/{owner.Database}, but 'Governance' names "
                + $"{application.Host}:{application.Port}/{application.Database}: both must name the same database.");
        }

        return RoleOf(applicationConnectionString);
    }

    /// <summary>The role a connection string logs in as.</summary>
    private static string RoleOf(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString).Username is { Length: > 0 } role
            ? role
            : throw new InvalidOperationException("The connection string names no Username: the application's role must be known to grant it its rights.");

    private static async Task GrantAsync(NpgsqlConnection connection, string applicationRole, CancellationToken ct)
    {
        var app = Quote(applicationRole);
        var schemas = new List<string>();
        await using (var query = new NpgsqlCommand("SELECT nspname FROM pg_namespace WHERE nspowner = current_user::regrole OR nspname = 'public' ORDER BY nspname", connection))
        await using (var reader = await query.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                schemas.Add(reader.GetString(0));
            }
        }

        // Everything is revoked and granted again, in one transaction: what an earlier layout
        // granted (TRUNCATE, say) does not linger, and sessions see the old rights or the new.
        var sql = new System.Text.StringBuilder("REVOKE CREATE ON SCHEMA public FROM PUBLIC;\n");
        foreach (var schema in schemas.Select(Quote))
        {
            sql.Append($"REVOKE ALL ON SCHEMA {schema} FROM {app};\n");
            sql.Append($"GRANT USAGE ON SCHEMA {schema} TO {app};\n");
            sql.Append($"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {app};\n");
            sql.Append($"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {app};\n");
            sql.Append($"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {app};\n");
            sql.Append($"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app};\n");
        }

        foreach (var (schema, table) in AppendOnlyTables)
        {
            sql.Append($"REVOKE UPDATE, DELETE ON {Quote(schema)}.{Quote(table)} FROM {app};\n");
        }

        foreach (var (schema, table) in MigrationHistories)
        {
            sql.Append($"REVOKE INSERT, UPDATE, DELETE ON {Quote(schema)}.{Quote(table)} FROM {app};\n");
        }

        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, transaction, sql.ToString(), ct);
        await transaction.CommitAsync(ct);
    }

    private static string QuartzSchemaScript()
    {
        using var stream = typeof(PostgreSQLDelegate).Assembly.GetManifestResourceStream(QuartzSchemaResource)
            ?? throw new InvalidOperationException($"Quartz no longer ships {QuartzSchemaResource}: find its PostgreSQL schema script and provision from that.");
        using var reader = new StreamReader(stream);

        // {0} is the table prefix, {1} the same without a schema qualifier; the Host keeps Quartz's default.
        return reader.ReadToEnd()
            .Replace("{0}", AdoConstants.DefaultTablePrefix, StringComparison.Ordinal)
            .Replace("{1}", AdoConstants.DefaultTablePrefix, StringComparison.Ordinal);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
