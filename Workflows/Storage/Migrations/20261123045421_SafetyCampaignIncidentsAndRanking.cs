using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Governance.Workflows.Storage.Migrations
{
    /// <inheritdoc />
    public partial class SafetyCampaignIncidentsAndRanking : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "incidents",
                schema: "sanling",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    township_id = table.Column<int>(type: "integer", nullable: false),
                    place_id = table.Column<int>(type: "integer", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    severity = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    deaths = table.Column<int>(type: "integer", nullable: false),
                    injuries = table.Column<int>(type: "integer", nullable: false),
                    summary = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    registered_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    registered_by_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    registered_by_role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_incidents", x => x.id);
                    table.CheckConstraint("ck_incidents_accident_severity", "(kind = 'Accident') = (severity IS NOT NULL)");
                    table.CheckConstraint("ck_incidents_casualties", "deaths >= 0 AND injuries >= 0");
                    table.ForeignKey(
                        name: "fk_incidents_place_place_id",
                        column: x => x.place_id,
                        principalSchema: "sanling",
                        principalTable: "places",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_incidents_township_township_id",
                        column: x => x.township_id,
                        principalSchema: "sanling",
                        principalTable: "townships",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ranking_months",
                schema: "sanling",
                columns: table => new
                {
                    city_id = table.Column<int>(type: "integer", nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    computed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    computed_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ranking_months", x => new { x.city_id, x.month });
                    table.ForeignKey(
                        name: "fk_ranking_months_cities_city_id",
                        column: x => x.city_id,
                        principalSchema: "sanling",
                        principalTable: "cities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ranking_places",
                schema: "sanling",
                columns: table => new
                {
                    city_id = table.Column<int>(type: "integer", nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    place_id = table.Column<int>(type: "integer", nullable: false),
                    township_id = table.Column<int>(type: "integer", nullable: false),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    rank = table.Column<int>(type: "integer", nullable: false),
                    figures_accidents = table.Column<int>(type: "integer", nullable: false),
                    figures_cases = table.Column<int>(type: "integer", nullable: false),
                    figures_disputes = table.Column<int>(type: "integer", nullable: false),
                    figures_kept_at_village = table.Column<int>(type: "integer", nullable: false),
                    figures_limits_met = table.Column<int>(type: "integer", nullable: false),
                    figures_places = table.Column<int>(type: "integer", nullable: false),
                    figures_resolved_at_village = table.Column<int>(type: "integer", nullable: false),
                    figures_skip_level = table.Column<int>(type: "integer", nullable: false),
                    figures_three_zero_places = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ranking_places", x => new { x.city_id, x.month, x.place_id });
                    table.ForeignKey(
                        name: "fk_ranking_places_places_place_id",
                        column: x => x.place_id,
                        principalSchema: "sanling",
                        principalTable: "places",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_ranking_places_ranking_months_city_id_month",
                        columns: x => new { x.city_id, x.month },
                        principalSchema: "sanling",
                        principalTable: "ranking_months",
                        principalColumns: new[] { "city_id", "month" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ranking_townships",
                schema: "sanling",
                columns: table => new
                {
                    city_id = table.Column<int>(type: "integer", nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    township_id = table.Column<int>(type: "integer", nullable: false),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    rank = table.Column<int>(type: "integer", nullable: false),
                    figures_accidents = table.Column<int>(type: "integer", nullable: false),
                    figures_cases = table.Column<int>(type: "integer", nullable: false),
                    figures_disputes = table.Column<int>(type: "integer", nullable: false),
                    figures_kept_at_village = table.Column<int>(type: "integer", nullable: false),
                    figures_limits_met = table.Column<int>(type: "integer", nullable: false),
                    figures_places = table.Column<int>(type: "integer", nullable: false),
                    figures_resolved_at_village = table.Column<int>(type: "integer", nullable: false),
                    figures_skip_level = table.Column<int>(type: "integer", nullable: false),
                    figures_three_zero_places = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ranking_townships", x => new { x.city_id, x.month, x.township_id });
                    table.ForeignKey(
                        name: "fk_ranking_townships_ranking_months_city_id_month",
                        columns: x => new { x.city_id, x.month },
                        principalSchema: "sanling",
                        principalTable: "ranking_months",
                        principalColumns: new[] { "city_id", "month" },
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_ranking_townships_townships_township_id",
                        column: x => x.township_id,
                        principalSchema: "sanling",
                        principalTable: "townships",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_incidents_place_id_occurred_at",
                schema: "sanling",
                table: "incidents",
                columns: new[] { "place_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_incidents_township_id_occurred_at",
                schema: "sanling",
                table: "incidents",
                columns: new[] { "township_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_ranking_places_city_id_month_township_id",
                schema: "sanling",
                table: "ranking_places",
                columns: new[] { "city_id", "month", "township_id" });

            migrationBuilder.CreateIndex(
                name: "ix_ranking_places_place_id",
                schema: "sanling",
                table: "ranking_places",
                column: "place_id");

            migrationBuilder.CreateIndex(
                name: "ix_ranking_townships_township_id",
                schema: "sanling",
                table: "ranking_townships",
                column: "township_id");

            // A month's ranking is frozen when computed, and the database itself holds to it: rows are added once, never changed or deleted.
            migrationBuilder.Sql("""
                CREATE FUNCTION sanling.ranking_is_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '月排名生成后不能修改或删除 (% is frozen)', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
                END $$;
                CREATE TRIGGER ranking_months_frozen BEFORE UPDATE OR DELETE ON sanling.ranking_months FOR EACH ROW EXECUTE FUNCTION sanling.ranking_is_frozen();
                CREATE TRIGGER ranking_townships_frozen BEFORE UPDATE OR DELETE ON sanling.ranking_townships FOR EACH ROW EXECUTE FUNCTION sanling.ranking_is_frozen();
                CREATE TRIGGER ranking_places_frozen BEFORE UPDATE OR DELETE ON sanling.ranking_places FOR EACH ROW EXECUTE FUNCTION sanling.ranking_is_frozen();
                CREATE TRIGGER ranking_months_no_truncate BEFORE TRUNCATE ON sanling.ranking_months FOR EACH STATEMENT EXECUTE FUNCTION sanling.ranking_is_frozen();
                CREATE TRIGGER ranking_townships_no_truncate BEFORE TRUNCATE ON sanling.ranking_townships FOR EACH STATEMENT EXECUTE FUNCTION sanling.ranking_is_frozen();
                CREATE TRIGGER ranking_places_no_truncate BEFORE TRUNCATE ON sanling.ranking_places FOR EACH STATEMENT EXECUTE FUNCTION sanling.ranking_is_frozen();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER ranking_places_no_truncate ON sanling.ranking_places;
                DROP TRIGGER ranking_townships_no_truncate ON sanling.ranking_townships;
                DROP TRIGGER ranking_months_no_truncate ON sanling.ranking_months;
                DROP TRIGGER ranking_places_frozen ON sanling.ranking_places;
                DROP TRIGGER ranking_townships_frozen ON sanling.ranking_townships;
                DROP TRIGGER ranking_months_frozen ON sanling.ranking_months;
                DROP FUNCTION sanling.ranking_is_frozen();
                """);

            migrationBuilder.DropTable(
                name: "incidents",
                schema: "sanling");

            migrationBuilder.DropTable(
                name: "ranking_places",
                schema: "sanling");

            migrationBuilder.DropTable(
                name: "ranking_townships",
                schema: "sanling");

            migrationBuilder.DropTable(
                name: "ranking_months",
                schema: "sanling");
        }
    }
}
