using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Governance.Workflows.Storage.Migrations
{
    /// <inheritdoc />
    public partial class OneServingPerWindowAndTransferOrigin : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tickets_window_id",
                schema: "queue",
                table: "tickets");

            migrationBuilder.AddColumn<string>(
                name: "transfer_reason",
                schema: "queue",
                table: "tickets",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "transferred_from_window_id",
                schema: "queue",
                table: "tickets",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_tickets_one_serving_per_window",
                schema: "queue",
                table: "tickets",
                column: "window_id",
                unique: true,
                filter: "state = 'Serving'");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_transferred_from_window_id",
                schema: "queue",
                table: "tickets",
                column: "transferred_from_window_id");

            migrationBuilder.AddForeignKey(
                name: "fk_tickets_service_window_transferred_from_window_id",
                schema: "queue",
                table: "tickets",
                column: "transferred_from_window_id",
                principalSchema: "hall",
                principalTable: "windows",
                principalColumn: "id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_tickets_service_window_transferred_from_window_id",
                schema: "queue",
                table: "tickets");

            migrationBuilder.DropIndex(
                name: "ix_tickets_one_serving_per_window",
                schema: "queue",
                table: "tickets");

            migrationBuilder.DropIndex(
                name: "ix_tickets_transferred_from_window_id",
                schema: "queue",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "transfer_reason",
                schema: "queue",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "transferred_from_window_id",
                schema: "queue",
                table: "tickets");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_window_id",
                schema: "queue",
                table: "tickets",
                column: "window_id",
                filter: "state = 'Serving'");
        }
    }
}
