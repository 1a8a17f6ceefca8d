using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Governance.Workflows.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "appointments");

            migrationBuilder.EnsureSchema(
                name: "sanling");

            migrationBuilder.EnsureSchema(
                name: "wf");

            migrationBuilder.EnsureSchema(
                name: "hall");

            migrationBuilder.EnsureSchema(
                name: "poverty");

            migrationBuilder.EnsureSchema(
                name: "queue");

            migrationBuilder.EnsureSchema(
                name: "ratings");

            migrationBuilder.EnsureSchema(
                name: "privacy");

            migrationBuilder.CreateTable(
                name: "cities",
                schema: "sanling",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cities", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "dispute_numbers",
                schema: "sanling",
                columns: table => new
                {
                    year = table.Column<int>(type: "integer", nullable: false),
                    last = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dispute_numbers", x => x.year);
                });

            migrationBuilder.CreateTable(
                name: "halls",
                schema: "hall",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    lead_name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    lead_email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_halls", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "holiday_years",
                schema: "wf",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    year = table.Column<int>(type: "integer", nullable: false),
                    off = table.Column<string>(type: "jsonb", nullable: false),
                    make_up_workdays = table.Column<string>(type: "jsonb", nullable: false),
                    source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    entered_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    entered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_holiday_years", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "households",
                schema: "poverty",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    person_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    id_number_masked = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    householder_name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    township_id = table.Column<int>(type: "integer", nullable: false),
                    place_id = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_households", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_keys",
                schema: "wf",
                columns: table => new
                {
                    caller = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    route = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    request_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    status = table.Column<int>(type: "integer", nullable: true),
                    content_type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    location = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    body = table.Column<byte[]>(type: "bytea", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotency_keys", x => new { x.caller, x.route, x.key });
                });

            migrationBuilder.CreateTable(
                name: "instances",
                schema: "wf",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    definition_name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    parent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    definition_version = table.Column<int>(type: "integer", nullable: false),
                    state = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    org_unit = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    data = table.Column<string>(type: "jsonb", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    state_entered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    due_provisional_year = table.Column<int>(type: "integer", nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    limits = table.Column<string>(type: "jsonb", nullable: false, defaultValueSql: "'{}'::jsonb"),
                    clock_paused_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_instances", x => x.id);
                    table.ForeignKey(
                        name: "fk_instances_instances_parent_id",
                        column: x => x.parent_id,
                        principalSchema: "wf",
                        principalTable: "instances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "outbox",
                schema: "wf",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    instance_id = table.Column<Guid>(type: "uuid", nullable: true),
                    template = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    recipient_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    recipient_email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    model = table.Column<string>(type: "jsonb", nullable: false),
                    dedupe_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    enqueued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    claimed_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    job_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    resend_of = table.Column<Guid>(type: "uuid", nullable: true),
                    trace_parent = table.Column<string>(type: "character varying(55)", maxLength: 55, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "reveals",
                schema: "privacy",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    actor_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    actor_role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    subject = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    subject_id = table.Column<Guid>(type: "uuid", nullable: false),
                    party = table.Column<int>(type: "integer", nullable: true),
                    org_unit = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    field = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reveals", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "screening_imports",
                schema: "poverty",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    file_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    file_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    imported_by = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    imported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    rows_read = table.Column<int>(type: "integer", nullable: false),
                    households_flagged = table.Column<int>(type: "integer", nullable: false),
                    warnings_created = table.Column<int>(type: "integer", nullable: false),
                    already_warned = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_screening_imports", x => x.id);
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
                name: "departments",
                schema: "sanling",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    city_id = table.Column<int>(type: "integer", nullable: false),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_departments", x => x.id);
                    table.ForeignKey(
                        name: "fk_departments_cities_city_id",
                        column: x => x.city_id,
                        principalSchema: "sanling",
                        principalTable: "cities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ranking_months",
                schema: "sanling",
                columns: table => new
                {
                    city_id = table.Column<int>(type: "integer", nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    computed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    computed_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ranking_months", x => new { x.city_id, x.month });
                    table.ForeignKey(
                        name: "fk_ranking_months_cities_city_id",
                        column: x => x.city_id,
                        principalSchema: "sanling",
                        principalTable: "cities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "townships",
                schema: "sanling",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    city_id = table.Column<int>(type: "integer", nullable: false),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_townships", x => x.id);
                    table.ForeignKey(
                        name: "fk_townships_cities_city_id",
                        column: x => x.city_id,
                        principalSchema: "sanling",
                        principalTable: "cities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "opening_hours",
                schema: "hall",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    hall_id = table.Column<int>(type: "integer", nullable: false),
                    day_of_week = table.Column<int>(type: "integer", nullable: false),
                    opens = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    closes = table.Column<TimeOnly>(type: "time without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_opening_hours", x => x.id);
                    table.ForeignKey(
                        name: "fk_opening_hours_hall_hall_id",
                        column: x => x.hall_id,
                        principalSchema: "hall",
                        principalTable: "halls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "service_items",
                schema: "hall",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    hall_id = table.Column<int>(type: "integer", nullable: false),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    guide_location = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, defaultValue: ""),
                    guide_materials = table.Column<List<string>>(type: "text[]", nullable: false, defaultValueSql: "'{}'::text[]"),
                    guide_notes = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false, defaultValue: ""),
                    guide_time_limit = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false, defaultValue: "")
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
                name: "windows",
                schema: "hall",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    hall_id = table.Column<int>(type: "integer", nullable: false),
                    code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_windows", x => x.id);
                    table.ForeignKey(
                        name: "fk_windows_halls_hall_id",
                        column: x => x.hall_id,
                        principalSchema: "hall",
                        principalTable: "halls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

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

            migrationBuilder.CreateTable(
                name: "ledger",
                schema: "wf",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    instance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    trigger = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    from_state = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    to_state = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    actor_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    actor_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    actor_role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ledger", x => x.id);
                    table.ForeignKey(
                        name: "fk_ledger_instances_instance_id",
                        column: x => x.instance_id,
                        principalSchema: "wf",
                        principalTable: "instances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "timers",
                schema: "wf",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    instance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    instance_version = table.Column<int>(type: "integer", nullable: false),
                    warn_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    next_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    warned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    fired_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    cancelled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    outcome = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    failed_attempts = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_timers", x => x.id);
                    table.ForeignKey(
                        name: "fk_timers_instances_instance_id",
                        column: x => x.instance_id,
                        principalSchema: "wf",
                        principalTable: "instances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "work_items",
                schema: "wf",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    instance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    state = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    queue = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    priority = table.Column<int>(type: "integer", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    claimed_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    claimed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_work_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_work_items_instances_instance_id",
                        column: x => x.instance_id,
                        principalSchema: "wf",
                        principalTable: "instances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "medical_claims",
                schema: "poverty",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    import_id = table.Column<Guid>(type: "uuid", nullable: false),
                    row = table.Column<int>(type: "integer", nullable: false),
                    household_id = table.Column<int>(type: "integer", nullable: false),
                    visit_date = table.Column<DateOnly>(type: "date", nullable: false),
                    total_cost = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    reimbursed = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    out_of_pocket = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_medical_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_medical_claims_households_household_id",
                        column: x => x.household_id,
                        principalSchema: "poverty",
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_medical_claims_screening_import_import_id",
                        column: x => x.import_id,
                        principalSchema: "poverty",
                        principalTable: "screening_imports",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "warnings",
                schema: "poverty",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    household_id = table.Column<int>(type: "integer", nullable: false),
                    source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    import_id = table.Column<Guid>(type: "uuid", nullable: true),
                    township_id = table.Column<int>(type: "integer", nullable: false),
                    place_id = table.Column<int>(type: "integer", nullable: false),
                    org_unit = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    medical_spending = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    reported_by = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    raised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    raised_month = table.Column<DateOnly>(type: "date", nullable: false),
                    open = table.Column<bool>(type: "boolean", nullable: false),
                    verified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    verified_on_time = table.Column<bool>(type: "boolean", nullable: false),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decided_on_time = table.Column<bool>(type: "boolean", nullable: false),
                    included = table.Column<bool>(type: "boolean", nullable: true),
                    follow_ups = table.Column<int>(type: "integer", nullable: false),
                    last_follow_up_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_warnings", x => x.id);
                    table.ForeignKey(
                        name: "fk_warnings_households_household_id",
                        column: x => x.household_id,
                        principalSchema: "poverty",
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_warnings_screening_import_import_id",
                        column: x => x.import_id,
                        principalSchema: "poverty",
                        principalTable: "screening_imports",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "department_authorities",
                schema: "sanling",
                columns: table => new
                {
                    department_id = table.Column<int>(type: "integer", nullable: false),
                    category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_department_authorities", x => new { x.department_id, x.category });
                    table.ForeignKey(
                        name: "fk_department_authorities_department_department_id",
                        column: x => x.department_id,
                        principalSchema: "sanling",
                        principalTable: "departments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "places",
                schema: "sanling",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    township_id = table.Column<int>(type: "integer", nullable: false),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_places", x => x.id);
                    table.ForeignKey(
                        name: "fk_places_township_township_id",
                        column: x => x.township_id,
                        principalSchema: "sanling",
                        principalTable: "townships",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ranking_townships",
                schema: "sanling",
                columns: table => new
                {
                    city_id = table.Column<int>(type: "integer", nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    township_id = table.Column<int>(type: "integer", nullable: false),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    rank = table.Column<int>(type: "integer", nullable: false),
                    figures_accidents = table.Column<int>(type: "integer", nullable: false),
                    figures_cases = table.Column<int>(type: "integer", nullable: false),
                    figures_disputes = table.Column<int>(type: "integer", nullable: false),
                    figures_kept_at_village = table.Column<int>(type: "integer", nullable: false),
                    figures_limits_met = table.Column<int>(type: "integer", nullable: false),
                    figures_places = table.Column<int>(type: "integer", nullable: false),
                    figures_resolved_at_village = table.Column<int>(type: "integer", nullable: false),
                    figures_skip_level = table.Column<int>(type: "integer", nullable: false),
                    figures_three_zero_places = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ranking_townships", x => new { x.city_id, x.month, x.township_id });
                    table.ForeignKey(
                        name: "fk_ranking_townships_ranking_months_city_id_month",
                        columns: x => new { x.city_id, x.month },
                        principalSchema: "sanling",
                        principalTable: "ranking_months",
                        principalColumns: new[] { "city_id", "month" },
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_ranking_townships_townships_township_id",
                        column: x => x.township_id,
                        principalSchema: "sanling",
                        principalTable: "townships",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "township_officials",
                schema: "sanling",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    township_id = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    title = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_township_officials", x => x.id);
                    table.ForeignKey(
                        name: "fk_township_officials_townships_township_id",
                        column: x => x.township_id,
                        principalSchema: "sanling",
                        principalTable: "townships",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
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
                name: "disputes",
                schema: "sanling",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    reference = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
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
                name: "incidents",
                schema: "sanling",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    township_id = table.Column<int>(type: "integer", nullable: false),
                    place_id = table.Column<int>(type: "integer", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    severity = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    deaths = table.Column<int>(type: "integer", nullable: false),
                    injuries = table.Column<int>(type: "integer", nullable: false),
                    summary = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    registered_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    registered_by_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    registered_by_role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_incidents", x => x.id);
                    table.CheckConstraint("ck_incidents_accident_severity", "(kind = 'Accident') = (severity IS NOT NULL)");
                    table.CheckConstraint("ck_incidents_casualties", "deaths >= 0 AND injuries >= 0");
                    table.ForeignKey(
                        name: "fk_incidents_place_place_id",
                        column: x => x.place_id,
                        principalSchema: "sanling",
                        principalTable: "places",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_incidents_township_township_id",
                        column: x => x.township_id,
                        principalSchema: "sanling",
                        principalTable: "townships",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ranking_places",
                schema: "sanling",
                columns: table => new
                {
                    city_id = table.Column<int>(type: "integer", nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    place_id = table.Column<int>(type: "integer", nullable: false),
                    township_id = table.Column<int>(type: "integer", nullable: false),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    rank = table.Column<int>(type: "integer", nullable: false),
                    figures_accidents = table.Column<int>(type: "integer", nullable: false),
                    figures_cases = table.Column<int>(type: "integer", nullable: false),
                    figures_disputes = table.Column<int>(type: "integer", nullable: false),
                    figures_kept_at_village = table.Column<int>(type: "integer", nullable: false),
                    figures_limits_met = table.Column<int>(type: "integer", nullable: false),
                    figures_places = table.Column<int>(type: "integer", nullable: false),
                    figures_resolved_at_village = table.Column<int>(type: "integer", nullable: false),
                    figures_skip_level = table.Column<int>(type: "integer", nullable: false),
                    figures_three_zero_places = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ranking_places", x => new { x.city_id, x.month, x.place_id });
                    table.ForeignKey(
                        name: "fk_ranking_places_places_place_id",
                        column: x => x.place_id,
                        principalSchema: "sanling",
                        principalTable: "places",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_ranking_places_ranking_months_city_id_month",
                        columns: x => new { x.city_id, x.month },
                        principalSchema: "sanling",
                        principalTable: "ranking_months",
                        principalColumns: new[] { "city_id", "month" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "roster_members",
                schema: "sanling",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    place_id = table.Column<int>(type: "integer", nullable: false),
                    role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    title = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_roster_members", x => x.id);
                    table.ForeignKey(
                        name: "fk_roster_members_places_place_id",
                        column: x => x.place_id,
                        principalSchema: "sanling",
                        principalTable: "places",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
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
                    queue_key = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    waiting_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    called_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    recalls = table.Column<int>(type: "integer", nullable: false),
                    arrived_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    set_aside_count = table.Column<int>(type: "integer", nullable: false),
                    set_aside_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    called_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    waiting_time = table.Column<TimeSpan>(type: "interval", nullable: false),
                    service_time = table.Column<TimeSpan>(type: "interval", nullable: false),
                    return_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    unserved_reason = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    transferred_from_window_id = table.Column<int>(type: "integer", nullable: true),
                    transfer_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
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
                        name: "fk_tickets_service_window_transferred_from_window_id",
                        column: x => x.transferred_from_window_id,
                        principalSchema: "hall",
                        principalTable: "windows",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_tickets_service_window_window_id",
                        column: x => x.window_id,
                        principalSchema: "hall",
                        principalTable: "windows",
                        principalColumn: "id");
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
                name: "ix_cities_code",
                schema: "sanling",
                table: "cities",
                column: "code",
                unique: true);

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

            migrationBuilder.CreateIndex(
                name: "ix_department_authorities_category",
                schema: "sanling",
                table: "department_authorities",
                column: "category");

            migrationBuilder.CreateIndex(
                name: "ix_departments_city_id",
                schema: "sanling",
                table: "departments",
                column: "city_id");

            migrationBuilder.CreateIndex(
                name: "ix_departments_code",
                schema: "sanling",
                table: "departments",
                column: "code",
                unique: true);

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
                name: "ix_disputes_reference",
                schema: "sanling",
                table: "disputes",
                column: "reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_disputes_township_id_registered_at",
                schema: "sanling",
                table: "disputes",
                columns: new[] { "township_id", "registered_at" });

            migrationBuilder.CreateIndex(
                name: "ix_halls_code",
                schema: "hall",
                table: "halls",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_holiday_years_year_id",
                schema: "wf",
                table: "holiday_years",
                columns: new[] { "year", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_households_person_key",
                schema: "poverty",
                table: "households",
                column: "person_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_households_place_id",
                schema: "poverty",
                table: "households",
                column: "place_id");

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_keys_expires_at",
                schema: "wf",
                table: "idempotency_keys",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_incidents_place_id_occurred_at",
                schema: "sanling",
                table: "incidents",
                columns: new[] { "place_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_incidents_township_id_occurred_at",
                schema: "sanling",
                table: "incidents",
                columns: new[] { "township_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_instances_definition_name_state",
                schema: "wf",
                table: "instances",
                columns: new[] { "definition_name", "state" });

            migrationBuilder.CreateIndex(
                name: "ix_instances_due_at",
                schema: "wf",
                table: "instances",
                column: "due_at",
                filter: "closed_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_instances_due_provisional_year",
                schema: "wf",
                table: "instances",
                column: "due_provisional_year",
                filter: "due_provisional_year IS NOT NULL AND closed_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_instances_org_unit",
                schema: "wf",
                table: "instances",
                column: "org_unit")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_instances_parent_id",
                schema: "wf",
                table: "instances",
                column: "parent_id",
                filter: "parent_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_instance_id_id",
                schema: "wf",
                table: "ledger",
                columns: new[] { "instance_id", "id" });

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
                name: "ix_medical_claims_household_id_visit_date",
                schema: "poverty",
                table: "medical_claims",
                columns: new[] { "household_id", "visit_date" });

            migrationBuilder.CreateIndex(
                name: "ix_medical_claims_import_id",
                schema: "poverty",
                table: "medical_claims",
                column: "import_id");

            migrationBuilder.CreateIndex(
                name: "ix_opening_hours_hall_id",
                schema: "hall",
                table: "opening_hours",
                column: "hall_id");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_dedupe_key",
                schema: "wf",
                table: "outbox",
                column: "dedupe_key",
                unique: true,
                filter: "dedupe_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_instance_id",
                schema: "wf",
                table: "outbox",
                column: "instance_id");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_resend_of",
                schema: "wf",
                table: "outbox",
                column: "resend_of",
                unique: true,
                filter: "resend_of IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_unsent",
                schema: "wf",
                table: "outbox",
                columns: new[] { "enqueued_at", "created_at" },
                filter: "sent_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_places_code",
                schema: "sanling",
                table: "places",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_places_township_id_name",
                schema: "sanling",
                table: "places",
                columns: new[] { "township_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_ranking_places_city_id_month_township_id",
                schema: "sanling",
                table: "ranking_places",
                columns: new[] { "city_id", "month", "township_id" });

            migrationBuilder.CreateIndex(
                name: "ix_ranking_places_place_id",
                schema: "sanling",
                table: "ranking_places",
                column: "place_id");

            migrationBuilder.CreateIndex(
                name: "ix_ranking_townships_township_id",
                schema: "sanling",
                table: "ranking_townships",
                column: "township_id");

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

            migrationBuilder.CreateIndex(
                name: "ix_reveals_org_unit_at",
                schema: "privacy",
                table: "reveals",
                columns: new[] { "org_unit", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_reveals_subject_id_at",
                schema: "privacy",
                table: "reveals",
                columns: new[] { "subject_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_roster_members_place_id",
                schema: "sanling",
                table: "roster_members",
                column: "place_id");

            migrationBuilder.CreateIndex(
                name: "ux_roster_members_single_seat",
                schema: "sanling",
                table: "roster_members",
                columns: new[] { "place_id", "role" },
                unique: true,
                filter: "role IN ('PoliceOfficer', 'Mediator', 'MilitiaCompany', 'FirstSecretary')");

            migrationBuilder.CreateIndex(
                name: "ix_screening_imports_file_hash",
                schema: "poverty",
                table: "screening_imports",
                column: "file_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_screening_imports_source_month",
                schema: "poverty",
                table: "screening_imports",
                columns: new[] { "source", "month" },
                unique: true);

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
                name: "ix_tickets_booked_head",
                schema: "queue",
                table: "tickets",
                columns: new[] { "queue", "slot_starts_at", "issued_at", "number" },
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
                name: "ix_tickets_one_serving_per_window",
                schema: "queue",
                table: "tickets",
                column: "window_id",
                unique: true,
                filter: "state IN ('Called', 'Serving')");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_queue_head",
                schema: "queue",
                table: "tickets",
                columns: new[] { "queue", "queue_key", "number" },
                filter: "state = 'Waiting'");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_transferred_from_window_id",
                schema: "queue",
                table: "tickets",
                column: "transferred_from_window_id");

            migrationBuilder.CreateIndex(
                name: "ix_timers_instance_id",
                schema: "wf",
                table: "timers",
                column: "instance_id",
                filter: "fired_at IS NULL AND cancelled_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_timers_pending_next",
                schema: "wf",
                table: "timers",
                column: "next_at",
                filter: "fired_at IS NULL AND cancelled_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_township_officials_township_id_email",
                schema: "sanling",
                table: "township_officials",
                columns: new[] { "township_id", "email" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_townships_city_id_name",
                schema: "sanling",
                table: "townships",
                columns: new[] { "city_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_townships_code",
                schema: "sanling",
                table: "townships",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_warnings_import_id",
                schema: "poverty",
                table: "warnings",
                column: "import_id");

            migrationBuilder.CreateIndex(
                name: "ix_warnings_org_unit",
                schema: "poverty",
                table: "warnings",
                column: "org_unit");

            migrationBuilder.CreateIndex(
                name: "ix_warnings_reported_by",
                schema: "poverty",
                table: "warnings",
                column: "reported_by");

            migrationBuilder.CreateIndex(
                name: "ix_warnings_township_id_raised_month",
                schema: "poverty",
                table: "warnings",
                columns: new[] { "township_id", "raised_month" });

            migrationBuilder.CreateIndex(
                name: "ux_warnings_one_open_per_household",
                schema: "poverty",
                table: "warnings",
                column: "household_id",
                unique: true,
                filter: "open");

            migrationBuilder.CreateIndex(
                name: "ix_window_items_window_id",
                schema: "hall",
                table: "window_items",
                column: "window_id");

            migrationBuilder.CreateIndex(
                name: "ix_windows_hall_id_code",
                schema: "hall",
                table: "windows",
                columns: new[] { "hall_id", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_work_items_instance_id",
                schema: "wf",
                table: "work_items",
                column: "instance_id",
                filter: "closed_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_work_items_queue_head",
                schema: "wf",
                table: "work_items",
                columns: new[] { "queue", "priority", "created_at" },
                descending: new[] { false, true, false },
                filter: "closed_at IS NULL AND claimed_by IS NULL");

            // The records kept as a ledger is kept, by the database itself: 台账 and the record of
            // who saw a full number are append-only; a month's ranking is frozen once computed; a
            // holiday arrangement is corrected by a new entry, so the calendar's history stays readable.
            migrationBuilder.Sql("""
                CREATE FUNCTION wf.ledger_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '台账只能追加，不能修改或删除 (wf.ledger is append-only)' USING ERRCODE = 'insufficient_privilege';
                END $$;
                CREATE TRIGGER ledger_no_update_delete BEFORE UPDATE OR DELETE ON wf.ledger
                    FOR EACH ROW EXECUTE FUNCTION wf.ledger_is_append_only();
                CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON wf.ledger
                    FOR EACH STATEMENT EXECUTE FUNCTION wf.ledger_is_append_only();

                CREATE FUNCTION wf.holiday_years_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '节假日安排只能追加录入，不能修改或删除 (wf.holiday_years is append-only)' USING ERRCODE = 'insufficient_privilege';
                END $$;
                CREATE TRIGGER holiday_years_no_update_delete BEFORE UPDATE OR DELETE ON wf.holiday_years
                    FOR EACH ROW EXECUTE FUNCTION wf.holiday_years_are_append_only();
                CREATE TRIGGER holiday_years_no_truncate BEFORE TRUNCATE ON wf.holiday_years
                    FOR EACH STATEMENT EXECUTE FUNCTION wf.holiday_years_are_append_only();

                CREATE FUNCTION privacy.reveals_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '号码查看记录只能追加 (privacy.reveals is append-only)' USING ERRCODE = 'insufficient_privilege';
                END $$;
                CREATE TRIGGER reveals_no_update_delete BEFORE UPDATE OR DELETE ON privacy.reveals
                    FOR EACH ROW EXECUTE FUNCTION privacy.reveals_are_append_only();
                CREATE TRIGGER reveals_no_truncate BEFORE TRUNCATE ON privacy.reveals
                    FOR EACH STATEMENT EXECUTE FUNCTION privacy.reveals_are_append_only();

                CREATE FUNCTION sanling.ranking_is_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '月排名生成后不能修改或删除 (% is frozen)', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
                END $$;
                CREATE TRIGGER ranking_months_frozen BEFORE UPDATE OR DELETE ON sanling.ranking_months FOR EACH ROW EXECUTE FUNCTION sanling.ranking_is_frozen();
                CREATE TRIGGER ranking_townships_frozen BEFORE UPDATE OR DELETE ON sanling.ranking_townships FOR EACH ROW EXECUTE FUNCTION sanling.ranking_is_frozen();
                CREATE TRIGGER ranking_places_frozen BEFORE UPDATE OR DELETE ON sanling.ranking_places FOR EACH ROW EXECUTE FUNCTION sanling.ranking_is_frozen();
                CREATE TRIGGER ranking_months_no_truncate BEFORE TRUNCATE ON sanling.ranking_months FOR EACH STATEMENT EXECUTE FUNCTION sanling.ranking_is_frozen();
                CREATE TRIGGER ranking_townships_no_truncate BEFORE TRUNCATE ON sanling.ranking_townships FOR EACH STATEMENT EXECUTE FUNCTION sanling.ranking_is_frozen();
                CREATE TRIGGER ranking_places_no_truncate BEFORE TRUNCATE ON sanling.ranking_places FOR EACH STATEMENT EXECUTE FUNCTION sanling.ranking_is_frozen();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP FUNCTION sanling.ranking_is_frozen() CASCADE;
                DROP FUNCTION privacy.reveals_are_append_only() CASCADE;
                DROP FUNCTION wf.holiday_years_are_append_only() CASCADE;
                DROP FUNCTION wf.ledger_is_append_only() CASCADE;
                """);
            migrationBuilder.DropTable(
                name: "bookings",
                schema: "appointments");

            migrationBuilder.DropTable(
                name: "clock_pauses",
                schema: "wf");

            migrationBuilder.DropTable(
                name: "department_authorities",
                schema: "sanling");

            migrationBuilder.DropTable(
                name: "dispute_numbers",
                schema: "sanling");

            migrationBuilder.DropTable(
                name: "dispute_parties",
                schema: "sanling");

            migrationBuilder.DropTable(
                name: "holiday_years",
                schema: "wf");

            migrationBuilder.DropTable(
                name: "idempotency_keys",
                schema: "wf");

            migrationBuilder.DropTable(
                name: "incidents",
                schema: "sanling");

            migrationBuilder.DropTable(
                name: "ledger",
                schema: "wf");

            migrationBuilder.DropTable(
                name: "medical_claims",
                schema: "poverty");

            migrationBuilder.DropTable(
                name: "opening_hours",
                schema: "hall");

            migrationBuilder.DropTable(
                name: "outbox",
                schema: "wf");

            migrationBuilder.DropTable(
                name: "ranking_places",
                schema: "sanling");

            migrationBuilder.DropTable(
                name: "ranking_townships",
                schema: "sanling");

            migrationBuilder.DropTable(
                name: "ratings",
                schema: "ratings");

            migrationBuilder.DropTable(
                name: "reveals",
                schema: "privacy");

            migrationBuilder.DropTable(
                name: "roster_members",
                schema: "sanling");

            migrationBuilder.DropTable(
                name: "ticket_counters",
                schema: "queue");

            migrationBuilder.DropTable(
                name: "tickets",
                schema: "queue");

            migrationBuilder.DropTable(
                name: "timers",
                schema: "wf");

            migrationBuilder.DropTable(
                name: "township_officials",
                schema: "sanling");

            migrationBuilder.DropTable(
                name: "warnings",
                schema: "poverty");

            migrationBuilder.DropTable(
                name: "window_closings",
                schema: "queue");

            migrationBuilder.DropTable(
                name: "window_items",
                schema: "hall");

            migrationBuilder.DropTable(
                name: "work_items",
                schema: "wf");

            migrationBuilder.DropTable(
                name: "slots",
                schema: "appointments");

            migrationBuilder.DropTable(
                name: "disputes",
                schema: "sanling");

            migrationBuilder.DropTable(
                name: "ranking_months",
                schema: "sanling");

            migrationBuilder.DropTable(
                name: "matters",
                schema: "queue");

            migrationBuilder.DropTable(
                name: "households",
                schema: "poverty");

            migrationBuilder.DropTable(
                name: "screening_imports",
                schema: "poverty");

            migrationBuilder.DropTable(
                name: "instances",
                schema: "wf");

            migrationBuilder.DropTable(
                name: "sessions",
                schema: "appointments");

            migrationBuilder.DropTable(
                name: "departments",
                schema: "sanling");

            migrationBuilder.DropTable(
                name: "places",
                schema: "sanling");

            migrationBuilder.DropTable(
                name: "windows",
                schema: "hall");

            migrationBuilder.DropTable(
                name: "service_items",
                schema: "hall");

            migrationBuilder.DropTable(
                name: "townships",
                schema: "sanling");

            migrationBuilder.DropTable(
                name: "halls",
                schema: "hall");

            migrationBuilder.DropTable(
                name: "cities",
                schema: "sanling");
        }
    }
}
