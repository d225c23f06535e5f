using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CineCast.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class BatchJobProvenance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Provenance",
                table: "BatchJobs",
                type: "character varying(8000)",
                maxLength: 8000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Provenance",
                table: "BatchJobs");
        }
    }
}
