using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Governance.Workflows.Storage.Migrations
{
    /// <inheritdoc />
    public partial class OutboxLeaseAndRetry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_outbox_undispatched",
                schema: "wf",
                table: "outbox");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "claimed_until",
                schema: "wf",
                table: "outbox",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "next_attempt_at",
                schema: "wf",
                table: "outbox",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_unsent",
                schema: "wf",
                table: "outbox",
                column: "created_at",
                filter: "sent_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_waiting",
                schema: "wf",
                table: "outbox",
                column: "created_at",
                filter: "sent_at IS NULL AND enqueued_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_outbox_unsent",
                schema: "wf",
                table: "outbox");

            migrationBuilder.DropIndex(
                name: "ix_outbox_waiting",
                schema: "wf",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "claimed_until",
                schema: "wf",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "next_attempt_at",
                schema: "wf",
                table: "outbox");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_undispatched",
                schema: "wf",
                table: "outbox",
                column: "created_at",
                filter: "enqueued_at IS NULL");
        }
    }
}
