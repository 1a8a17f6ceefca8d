using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Governance.Workflows.Storage.Migrations
{
    /// <inheritdoc />
    public partial class SafetyCampaignDisputes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "disputes",
                schema: "sanling",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    police_matter = table.Column<bool>(type: "boolean", nullable: false),
                    source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    skip_level = table.Column<bool>(type: "boolean", nullable: false),
                    township_id = table.Column<int>(type: "integer", nullable: false),
                    place_id = table.Column<int>(type: "integer", nullable: false),
                    summary = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    registered_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    arrived_level = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    level = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    highest_level = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    department_id = table.Column<int>(type: "integer", nullable: true),
                    escalations = table.Column<int>(type: "integer", nullable: false),
                    limit_breaches = table.Column<int>(type: "integer", nullable: false),
                    extensions = table.Column<int>(type: "integer", nullable: false),
                    petition_due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    resolved_level = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    resolved_on_time = table.Column<bool>(type: "boolean", nullable: true),
                    followed_up_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    satisfied = table.Column<bool>(type: "boolean", nullable: true),
                    reopens = table.Column<int>(type: "integer", nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_disputes", x => x.id);
                    table.ForeignKey(
                        name: "fk_disputes_department_department_id",
                        column: x => x.department_id,
                        principalSchema: "sanling",
                        principalTable: "departments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_disputes_place_place_id",
                        column: x => x.place_id,
                        principalSchema: "sanling",
                        principalTable: "places",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_disputes_township_township_id",
                        column: x => x.township_id,
                        principalSchema: "sanling",
                        principalTable: "townships",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "dispute_parties",
                schema: "sanling",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    dispute_id = table.Column<Guid>(type: "uuid", nullable: false),
                    ordinal = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    phone = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: false),
                    id_number = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: true),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dispute_parties", x => x.id);
                    table.ForeignKey(
                        name: "fk_dispute_parties_disputes_dispute_id",
                        column: x => x.dispute_id,
                        principalSchema: "sanling",
                        principalTable: "disputes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_dispute_parties_dispute_id_ordinal",
                schema: "sanling",
                table: "dispute_parties",
                columns: new[] { "dispute_id", "ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_disputes_department_id",
                schema: "sanling",
                table: "disputes",
                column: "department_id",
                filter: "department_id IS NOT NULL AND closed_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_disputes_place_id_registered_at",
                schema: "sanling",
                table: "disputes",
                columns: new[] { "place_id", "registered_at" });

            migrationBuilder.CreateIndex(
                name: "ix_disputes_township_id_registered_at",
                schema: "sanling",
                table: "disputes",
                columns: new[] { "township_id", "registered_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dispute_parties",
                schema: "sanling");

            migrationBuilder.DropTable(
                name: "disputes",
                schema: "sanling");
        }
    }
}
