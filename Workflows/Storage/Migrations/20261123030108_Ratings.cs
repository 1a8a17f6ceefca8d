using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Governance.Workflows.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Ratings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "ratings");

            migrationBuilder.CreateTable(
                name: "ratings",
                schema: "ratings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    service_id = table.Column<Guid>(type: "uuid", nullable: false),
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    hall_id = table.Column<int>(type: "integer", nullable: false),
                    window_id = table.Column<int>(type: "integer", nullable: false),
                    item_id = table.Column<int>(type: "integer", nullable: false),
                    staff_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    served_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    citizen_name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    citizen_email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    invited_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    level = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    comment = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    rated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    rectification_id = table.Column<Guid>(type: "uuid", nullable: true),
                    rectification_due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    reported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ratings", x => x.id);
                    table.ForeignKey(
                        name: "fk_ratings_halls_hall_id",
                        column: x => x.hall_id,
                        principalSchema: "hall",
                        principalTable: "halls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_ratings_service_item_item_id",
                        column: x => x.item_id,
                        principalSchema: "hall",
                        principalTable: "service_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_ratings_service_window_window_id",
                        column: x => x.window_id,
                        principalSchema: "hall",
                        principalTable: "windows",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_ratings_hall_id_rated_at",
                schema: "ratings",
                table: "ratings",
                columns: new[] { "hall_id", "rated_at" },
                filter: "rated_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_ratings_item_id",
                schema: "ratings",
                table: "ratings",
                column: "item_id");

            migrationBuilder.CreateIndex(
                name: "ix_ratings_rectification_id",
                schema: "ratings",
                table: "ratings",
                column: "rectification_id",
                filter: "rectification_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_ratings_service_id",
                schema: "ratings",
                table: "ratings",
                column: "service_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_ratings_token_hash",
                schema: "ratings",
                table: "ratings",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_ratings_window_id",
                schema: "ratings",
                table: "ratings",
                column: "window_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ratings",
                schema: "ratings");
        }
    }
}
