using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CineCast.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ProvenanceRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ProvenanceRecords",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    OwnerId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    VoiceId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    VoiceName = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    VoiceKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ConsentBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ConsentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Engine = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    TextSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProvenanceRecords", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ProvenanceRecords_OwnerId_CreatedAt",
                table: "ProvenanceRecords",
                columns: new[] { "OwnerId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ProvenanceRecords");
        }
    }
}
