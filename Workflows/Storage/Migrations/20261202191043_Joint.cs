using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Governance.Workflows.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Joint : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "parent_id",
                schema: "wf",
                table: "instances",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "email",
                schema: "sanling",
                table: "departments",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_instances_parent_id",
                schema: "wf",
                table: "instances",
                column: "parent_id",
                filter: "parent_id IS NOT NULL");

            migrationBuilder.AddForeignKey(
                name: "fk_instances_instances_parent_id",
                schema: "wf",
                table: "instances",
                column: "parent_id",
                principalSchema: "wf",
                principalTable: "instances",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_instances_instances_parent_id",
                schema: "wf",
                table: "instances");

            migrationBuilder.DropIndex(
                name: "ix_instances_parent_id",
                schema: "wf",
                table: "instances");

            migrationBuilder.DropColumn(
                name: "parent_id",
                schema: "wf",
                table: "instances");

            migrationBuilder.DropColumn(
                name: "email",
                schema: "sanling",
                table: "departments");
        }
    }
}
