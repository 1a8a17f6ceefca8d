using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Governance.Workflows.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Pause : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "clock_paused_at",
                schema: "wf",
                table: "instances",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "clock_pauses",
                schema: "wf",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    instance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    state = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    paused_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    resumed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    remaining = table.Column<TimeSpan>(type: "interval", nullable: false),
                    warning_remaining = table.Column<TimeSpan>(type: "interval", nullable: true),
                    working_time = table.Column<bool>(type: "boolean", nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    paused_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    paused_by_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    resumed_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_clock_pauses", x => x.id);
                    table.ForeignKey(
                        name: "fk_clock_pauses_instances_instance_id",
                        column: x => x.instance_id,
                        principalSchema: "wf",
                        principalTable: "instances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_clock_pauses_instance_id_paused_at",
                schema: "wf",
                table: "clock_pauses",
                columns: new[] { "instance_id", "paused_at" });

            migrationBuilder.CreateIndex(
                name: "ix_clock_pauses_open",
                schema: "wf",
                table: "clock_pauses",
                column: "instance_id",
                unique: true,
                filter: "resumed_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "clock_pauses",
                schema: "wf");

            migrationBuilder.DropColumn(
                name: "clock_paused_at",
                schema: "wf",
                table: "instances");
        }
    }
}
