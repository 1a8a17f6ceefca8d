using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Governance.Workflows.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Appointments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "appointments");

            migrationBuilder.CreateTable(
                name: "service_items",
                schema: "hall",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    hall_id = table.Column<int>(type: "integer", nullable: false),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_service_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_service_items_halls_hall_id",
                        column: x => x.hall_id,
                        principalSchema: "hall",
                        principalTable: "halls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sessions",
                schema: "appointments",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    hall_id = table.Column<int>(type: "integer", nullable: false),
                    item_id = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    opens = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    closes = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    is_special = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sessions", x => x.id);
                    table.ForeignKey(
                        name: "fk_sessions_hall_hall_id",
                        column: x => x.hall_id,
                        principalSchema: "hall",
                        principalTable: "halls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_sessions_service_item_item_id",
                        column: x => x.item_id,
                        principalSchema: "hall",
                        principalTable: "service_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "window_items",
                schema: "hall",
                columns: table => new
                {
                    item_id = table.Column<int>(type: "integer", nullable: false),
                    window_id = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_window_items", x => new { x.item_id, x.window_id });
                    table.ForeignKey(
                        name: "fk_window_items_service_items_item_id",
                        column: x => x.item_id,
                        principalSchema: "hall",
                        principalTable: "service_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_window_items_service_window_window_id",
                        column: x => x.window_id,
                        principalSchema: "hall",
                        principalTable: "windows",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "slots",
                schema: "appointments",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    session_id = table.Column<int>(type: "integer", nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    capacity = table.Column<int>(type: "integer", nullable: false),
                    booked = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_slots", x => x.id);
                    table.CheckConstraint("ck_slots_not_overbooked", "booked >= 0 AND booked <= capacity");
                    table.ForeignKey(
                        name: "fk_slots_sessions_session_id",
                        column: x => x.session_id,
                        principalSchema: "appointments",
                        principalTable: "sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "bookings",
                schema: "appointments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    reference = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    slot_id = table.Column<int>(type: "integer", nullable: false),
                    hall_id = table.Column<int>(type: "integer", nullable: false),
                    item_id = table.Column<int>(type: "integer", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    phone = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: false),
                    id_number = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    person_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    no_show_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bookings", x => x.id);
                    table.ForeignKey(
                        name: "fk_bookings_slots_slot_id",
                        column: x => x.slot_id,
                        principalSchema: "appointments",
                        principalTable: "slots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_bookings_hall_id_date",
                schema: "appointments",
                table: "bookings",
                columns: new[] { "hall_id", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_bookings_person_key_no_show_at",
                schema: "appointments",
                table: "bookings",
                columns: new[] { "person_key", "no_show_at" },
                filter: "no_show_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_bookings_reference",
                schema: "appointments",
                table: "bookings",
                column: "reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_bookings_slot_id",
                schema: "appointments",
                table: "bookings",
                column: "slot_id");

            migrationBuilder.CreateIndex(
                name: "ux_bookings_one_per_person_per_day",
                schema: "appointments",
                table: "bookings",
                columns: new[] { "person_key", "date" },
                unique: true,
                filter: "active");

            migrationBuilder.CreateIndex(
                name: "ix_service_items_hall_id_code",
                schema: "hall",
                table: "service_items",
                columns: new[] { "hall_id", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sessions_hall_id_date",
                schema: "appointments",
                table: "sessions",
                columns: new[] { "hall_id", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_sessions_item_id",
                schema: "appointments",
                table: "sessions",
                column: "item_id");

            migrationBuilder.CreateIndex(
                name: "ix_slots_session_id_starts_at",
                schema: "appointments",
                table: "slots",
                columns: new[] { "session_id", "starts_at" });

            migrationBuilder.CreateIndex(
                name: "ix_window_items_window_id",
                schema: "hall",
                table: "window_items",
                column: "window_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bookings",
                schema: "appointments");

            migrationBuilder.DropTable(
                name: "window_items",
                schema: "hall");

            migrationBuilder.DropTable(
                name: "slots",
                schema: "appointments");

            migrationBuilder.DropTable(
                name: "sessions",
                schema: "appointments");

            migrationBuilder.DropTable(
                name: "service_items",
                schema: "hall");
        }
    }
}
