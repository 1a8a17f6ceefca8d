using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Governance.Workflows.Storage.Migrations
{
    /// <inheritdoc />
    public partial class PinnedLimits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "limits",
                schema: "wf",
                table: "instances",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'{}'::jsonb");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "limits",
                schema: "wf",
                table: "instances");
        }
    }
}
