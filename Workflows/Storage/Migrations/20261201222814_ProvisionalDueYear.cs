using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Governance.Workflows.Storage.Migrations
{
    /// <inheritdoc />
    public partial class ProvisionalDueYear : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "due_provisional_year",
                schema: "wf",
                table: "instances",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_instances_due_provisional_year",
                schema: "wf",
                table: "instances",
                column: "due_provisional_year",
                filter: "due_provisional_year IS NOT NULL AND closed_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_instances_due_provisional_year",
                schema: "wf",
                table: "instances");

            migrationBuilder.DropColumn(
                name: "due_provisional_year",
                schema: "wf",
                table: "instances");
        }
    }
}
