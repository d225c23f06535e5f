using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CineCast.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class UserSelectedVoice : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SelectedVoiceId",
                table: "AspNetUsers",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SelectedVoiceId",
                table: "AspNetUsers");
        }
    }
}
