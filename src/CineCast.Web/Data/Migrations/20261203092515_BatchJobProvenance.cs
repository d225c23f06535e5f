using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CineCast.Web.Data.Migrations
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
                type: "TEXT",
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
