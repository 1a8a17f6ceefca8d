using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Governance.Workflows.Storage.Migrations
{
    /// <inheritdoc />
    public partial class DisputeReference : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "reference",
                schema: "sanling",
                table: "disputes",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

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

            // Matters registered before numbers existed get theirs now, in the order they came in
            // within each year (China time), and each year's counter goes on after the last of them.
            migrationBuilder.Sql("""
                WITH numbered AS (
                    SELECT id, extract(year FROM registered_at AT TIME ZONE 'Asia/Shanghai')::int AS year,
                           row_number() OVER (PARTITION BY extract(year FROM registered_at AT TIME ZONE 'Asia/Shanghai') ORDER BY registered_at, id) AS n
                    FROM sanling.disputes)
                UPDATE sanling.disputes d SET reference = 'SL-' || numbered.year || '-' || lpad(numbered.n::text, 6, '0')
                FROM numbered WHERE numbered.id = d.id;
                INSERT INTO sanling.dispute_numbers (year, last)
                SELECT extract(year FROM registered_at AT TIME ZONE 'Asia/Shanghai')::int, count(*) FROM sanling.disputes GROUP BY 1;
                UPDATE wf.instances i SET data = jsonb_set(i.data, '{reference}', to_jsonb(d.reference))
                FROM sanling.disputes d WHERE d.id = i.id;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_disputes_reference",
                schema: "sanling",
                table: "disputes",
                column: "reference",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dispute_numbers",
                schema: "sanling");

            migrationBuilder.DropIndex(
                name: "ix_disputes_reference",
                schema: "sanling",
                table: "disputes");

            migrationBuilder.DropColumn(
                name: "reference",
                schema: "sanling",
                table: "disputes");
        }
    }
}
