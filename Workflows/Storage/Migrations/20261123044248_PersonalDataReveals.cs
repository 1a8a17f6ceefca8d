using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Governance.Workflows.Storage.Migrations
{
    /// <inheritdoc />
    public partial class PersonalDataReveals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "privacy");

            migrationBuilder.CreateTable(
                name: "reveals",
                schema: "privacy",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    actor_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    actor_role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    subject = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    subject_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_unit = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    field = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reveals", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_reveals_org_unit_at",
                schema: "privacy",
                table: "reveals",
                columns: new[] { "org_unit", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_reveals_subject_id_at",
                schema: "privacy",
                table: "reveals",
                columns: new[] { "subject_id", "at" });

            // The record of who saw a full number is kept as the ledger is: no update, no delete, no truncate.
            migrationBuilder.Sql("""
                CREATE FUNCTION privacy.reveals_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '号码查看记录只能追加 (privacy.reveals is append-only)' USING ERRCODE = 'insufficient_privilege';
                END $$;
                CREATE TRIGGER reveals_no_update_delete BEFORE UPDATE OR DELETE ON privacy.reveals
                    FOR EACH ROW EXECUTE FUNCTION privacy.reveals_are_append_only();
                CREATE TRIGGER reveals_no_truncate BEFORE TRUNCATE ON privacy.reveals
                    FOR EACH STATEMENT EXECUTE FUNCTION privacy.reveals_are_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER reveals_no_truncate ON privacy.reveals;
                DROP TRIGGER reveals_no_update_delete ON privacy.reveals;
                DROP FUNCTION privacy.reveals_are_append_only();
                """);
            migrationBuilder.DropTable(
                name: "reveals",
                schema: "privacy");
        }
    }
}
