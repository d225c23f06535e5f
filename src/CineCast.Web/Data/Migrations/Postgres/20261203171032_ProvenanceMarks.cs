using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CineCast.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ProvenanceMarks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "Mark",
                table: "ProvenanceRecords",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProvenanceRecords_Mark",
                table: "ProvenanceRecords",
                column: "Mark",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ProvenanceRecords_Mark",
                table: "ProvenanceRecords");

            migrationBuilder.DropColumn(
                name: "Mark",
                table: "ProvenanceRecords");
        }
    }
}
