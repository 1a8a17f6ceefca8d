using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Governance.Workflows.Storage.Migrations
{
    /// <inheritdoc />
    public partial class HolidayYears : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "holiday_years",
                schema: "wf",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    year = table.Column<int>(type: "integer", nullable: false),
                    off = table.Column<string>(type: "jsonb", nullable: false),
                    make_up_workdays = table.Column<string>(type: "jsonb", nullable: false),
                    source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    entered_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    entered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_holiday_years", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_holiday_years_year_id",
                schema: "wf",
                table: "holiday_years",
                columns: new[] { "year", "id" });

            // A correction is a new entry: the calendar's history stays readable, in the database itself.
            migrationBuilder.Sql("""
                CREATE FUNCTION wf.holiday_years_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '节假日安排只能追加录入，不能修改或删除 (wf.holiday_years is append-only)' USING ERRCODE = 'insufficient_privilege';
                END $$;
                CREATE TRIGGER holiday_years_no_update_delete BEFORE UPDATE OR DELETE ON wf.holiday_years
                    FOR EACH ROW EXECUTE FUNCTION wf.holiday_years_are_append_only();
                CREATE TRIGGER holiday_years_no_truncate BEFORE TRUNCATE ON wf.holiday_years
                    FOR EACH STATEMENT EXECUTE FUNCTION wf.holiday_years_are_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER holiday_years_no_truncate ON wf.holiday_years;
                DROP TRIGGER holiday_years_no_update_delete ON wf.holiday_years;
                DROP FUNCTION wf.holiday_years_are_append_only();
                """);

            migrationBuilder.DropTable(
                name: "holiday_years",
                schema: "wf");
        }
    }
}
