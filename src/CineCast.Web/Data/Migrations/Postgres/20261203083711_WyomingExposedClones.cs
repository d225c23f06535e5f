using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CineCast.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class WyomingExposedClones : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "ExposedToWyoming",
                table: "Voices",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ExposedToWyoming",
                table: "Voices");
        }
    }
}
