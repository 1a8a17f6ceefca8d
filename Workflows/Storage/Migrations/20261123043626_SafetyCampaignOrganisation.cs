using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Governance.Workflows.Storage.Migrations
{
    /// <inheritdoc />
    public partial class SafetyCampaignOrganisation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "sanling");

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
                name: "departments",
                schema: "sanling",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    city_id = table.Column<int>(type: "integer", nullable: false),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
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

            migrationBuilder.CreateIndex(
                name: "ix_cities_code",
                schema: "sanling",
                table: "cities",
                column: "code",
                unique: true);

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "department_authorities",
                schema: "sanling");

            migrationBuilder.DropTable(
                name: "roster_members",
                schema: "sanling");

            migrationBuilder.DropTable(
                name: "township_officials",
                schema: "sanling");

            migrationBuilder.DropTable(
                name: "departments",
                schema: "sanling");

            migrationBuilder.DropTable(
                name: "places",
                schema: "sanling");

            migrationBuilder.DropTable(
                name: "townships",
                schema: "sanling");

            migrationBuilder.DropTable(
                name: "cities",
                schema: "sanling");
        }
    }
}
