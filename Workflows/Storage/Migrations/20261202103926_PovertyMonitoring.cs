using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Governance.Workflows.Storage.Migrations
{
    /// <inheritdoc />
    public partial class PovertyMonitoring : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "poverty");

            migrationBuilder.CreateTable(
                name: "households",
                schema: "poverty",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    person_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    id_number_masked = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    householder_name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    township_id = table.Column<int>(type: "integer", nullable: false),
                    place_id = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_households", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "screening_imports",
                schema: "poverty",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    file_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    file_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    imported_by = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    imported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    rows_read = table.Column<int>(type: "integer", nullable: false),
                    households_flagged = table.Column<int>(type: "integer", nullable: false),
                    warnings_created = table.Column<int>(type: "integer", nullable: false),
                    already_warned = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_screening_imports", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "medical_claims",
                schema: "poverty",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    import_id = table.Column<Guid>(type: "uuid", nullable: false),
                    row = table.Column<int>(type: "integer", nullable: false),
                    household_id = table.Column<int>(type: "integer", nullable: false),
                    visit_date = table.Column<DateOnly>(type: "date", nullable: false),
                    total_cost = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    reimbursed = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    out_of_pocket = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_medical_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_medical_claims_households_household_id",
                        column: x => x.household_id,
                        principalSchema: "poverty",
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_medical_claims_screening_import_import_id",
                        column: x => x.import_id,
                        principalSchema: "poverty",
                        principalTable: "screening_imports",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "warnings",
                schema: "poverty",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    household_id = table.Column<int>(type: "integer", nullable: false),
                    source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    import_id = table.Column<Guid>(type: "uuid", nullable: true),
                    township_id = table.Column<int>(type: "integer", nullable: false),
                    place_id = table.Column<int>(type: "integer", nullable: false),
                    org_unit = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    medical_spending = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    reported_by = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    raised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    raised_month = table.Column<DateOnly>(type: "date", nullable: false),
                    open = table.Column<bool>(type: "boolean", nullable: false),
                    verified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    verified_on_time = table.Column<bool>(type: "boolean", nullable: false),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decided_on_time = table.Column<bool>(type: "boolean", nullable: false),
                    included = table.Column<bool>(type: "boolean", nullable: true),
                    follow_ups = table.Column<int>(type: "integer", nullable: false),
                    last_follow_up_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_warnings", x => x.id);
                    table.ForeignKey(
                        name: "fk_warnings_households_household_id",
                        column: x => x.household_id,
                        principalSchema: "poverty",
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_warnings_screening_import_import_id",
                        column: x => x.import_id,
                        principalSchema: "poverty",
                        principalTable: "screening_imports",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_households_person_key",
                schema: "poverty",
                table: "households",
                column: "person_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_households_place_id",
                schema: "poverty",
                table: "households",
                column: "place_id");

            migrationBuilder.CreateIndex(
                name: "ix_medical_claims_household_id_visit_date",
                schema: "poverty",
                table: "medical_claims",
                columns: new[] { "household_id", "visit_date" });

            migrationBuilder.CreateIndex(
                name: "ix_medical_claims_import_id",
                schema: "poverty",
                table: "medical_claims",
                column: "import_id");

            migrationBuilder.CreateIndex(
                name: "ix_screening_imports_file_hash",
                schema: "poverty",
                table: "screening_imports",
                column: "file_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_screening_imports_source_month",
                schema: "poverty",
                table: "screening_imports",
                columns: new[] { "source", "month" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_warnings_import_id",
                schema: "poverty",
                table: "warnings",
                column: "import_id");

            migrationBuilder.CreateIndex(
                name: "ix_warnings_org_unit",
                schema: "poverty",
                table: "warnings",
                column: "org_unit");

            migrationBuilder.CreateIndex(
                name: "ix_warnings_reported_by",
                schema: "poverty",
                table: "warnings",
                column: "reported_by");

            migrationBuilder.CreateIndex(
                name: "ix_warnings_township_id_raised_month",
                schema: "poverty",
                table: "warnings",
                columns: new[] { "township_id", "raised_month" });

            migrationBuilder.CreateIndex(
                name: "ux_warnings_one_open_per_household",
                schema: "poverty",
                table: "warnings",
                column: "household_id",
                unique: true,
                filter: "open");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "medical_claims",
                schema: "poverty");

            migrationBuilder.DropTable(
                name: "warnings",
                schema: "poverty");

            migrationBuilder.DropTable(
                name: "households",
                schema: "poverty");

            migrationBuilder.DropTable(
                name: "screening_imports",
                schema: "poverty");
        }
    }
}
