using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CineCast.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class BatchJobStateInItsRow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Interruptions",
                table: "BatchJobs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Reason",
                table: "BatchJobs",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "Speed",
                table: "BatchJobs",
                type: "double precision",
                nullable: false,
                defaultValue: 1.0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Interruptions",
                table: "BatchJobs");

            migrationBuilder.DropColumn(
                name: "Reason",
                table: "BatchJobs");

            migrationBuilder.DropColumn(
                name: "Speed",
                table: "BatchJobs");
        }
    }
}
