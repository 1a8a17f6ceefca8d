using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Governance.Workflows.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Queue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "queue");

            migrationBuilder.CreateTable(
                name: "matters",
                schema: "queue",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    hall_id = table.Column<int>(type: "integer", nullable: false),
                    item_id = table.Column<int>(type: "integer", nullable: false),
                    person_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    trips = table.Column<int>(type: "integer", nullable: false),
                    opened_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    completed_window_id = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_matters", x => x.id);
                    table.ForeignKey(
                        name: "fk_matters_halls_hall_id",
                        column: x => x.hall_id,
                        principalSchema: "hall",
                        principalTable: "halls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_matters_service_item_item_id",
                        column: x => x.item_id,
                        principalSchema: "hall",
                        principalTable: "service_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_matters_service_window_completed_window_id",
                        column: x => x.completed_window_id,
                        principalSchema: "hall",
                        principalTable: "windows",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "ticket_counters",
                schema: "queue",
                columns: table => new
                {
                    hall_id = table.Column<int>(type: "integer", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    prefix = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: false),
                    last = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ticket_counters", x => new { x.hall_id, x.date, x.prefix });
                });

            migrationBuilder.CreateTable(
                name: "window_closings",
                schema: "queue",
                columns: table => new
                {
                    window_id = table.Column<int>(type: "integer", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    closed_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    extended_hours_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_window_closings", x => new { x.window_id, x.date });
                    table.ForeignKey(
                        name: "fk_window_closings_service_window_window_id",
                        column: x => x.window_id,
                        principalSchema: "hall",
                        principalTable: "windows",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tickets",
                schema: "queue",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    hall_id = table.Column<int>(type: "integer", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    number = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    item_id = table.Column<int>(type: "integer", nullable: false),
                    queue = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    window_id = table.Column<int>(type: "integer", nullable: true),
                    booking_id = table.Column<Guid>(type: "uuid", nullable: true),
                    slot_starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    matter_id = table.Column<Guid>(type: "uuid", nullable: false),
                    trip = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    phone = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: true),
                    id_number_masked = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: true),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    waiting_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    called_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    called_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    waiting_time = table.Column<TimeSpan>(type: "interval", nullable: false),
                    service_time = table.Column<TimeSpan>(type: "interval", nullable: false),
                    return_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tickets", x => x.id);
                    table.ForeignKey(
                        name: "fk_tickets_halls_hall_id",
                        column: x => x.hall_id,
                        principalSchema: "hall",
                        principalTable: "halls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_tickets_matters_matter_id",
                        column: x => x.matter_id,
                        principalSchema: "queue",
                        principalTable: "matters",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_tickets_service_item_item_id",
                        column: x => x.item_id,
                        principalSchema: "hall",
                        principalTable: "service_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_tickets_service_window_window_id",
                        column: x => x.window_id,
                        principalSchema: "hall",
                        principalTable: "windows",
                        principalColumn: "id");
                });

            migrationBuilder.CreateIndex(
                name: "ix_matters_completed_at",
                schema: "queue",
                table: "matters",
                column: "completed_at",
                filter: "completed_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_matters_completed_window_id",
                schema: "queue",
                table: "matters",
                column: "completed_window_id");

            migrationBuilder.CreateIndex(
                name: "ix_matters_hall_id",
                schema: "queue",
                table: "matters",
                column: "hall_id");

            migrationBuilder.CreateIndex(
                name: "ux_matters_open_per_person_item",
                schema: "queue",
                table: "matters",
                columns: new[] { "item_id", "person_key" },
                unique: true,
                filter: "completed_at IS NULL AND person_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_booked_head",
                schema: "queue",
                table: "tickets",
                columns: new[] { "queue", "slot_starts_at", "issued_at" },
                filter: "state = 'Waiting' AND slot_starts_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_hall_id_date_number",
                schema: "queue",
                table: "tickets",
                columns: new[] { "hall_id", "date", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tickets_item_id",
                schema: "queue",
                table: "tickets",
                column: "item_id");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_matter_id",
                schema: "queue",
                table: "tickets",
                column: "matter_id");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_queue_head",
                schema: "queue",
                table: "tickets",
                columns: new[] { "queue", "issued_at" },
                filter: "state = 'Waiting'");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_window_id",
                schema: "queue",
                table: "tickets",
                column: "window_id",
                filter: "state = 'Serving'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ticket_counters",
                schema: "queue");

            migrationBuilder.DropTable(
                name: "tickets",
                schema: "queue");

            migrationBuilder.DropTable(
                name: "window_closings",
                schema: "queue");

            migrationBuilder.DropTable(
                name: "matters",
                schema: "queue");
        }
    }
}
