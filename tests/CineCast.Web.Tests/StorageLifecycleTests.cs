using System.Net;
using System.Net.Http.Json;
using CineCast.Web.Health;
using CineCast.Web.Voices;

namespace CineCast.Web.Tests;

public sealed class StorageLifecycleTests : IDisposable
{
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("cinecast-restart-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Fixtures.DeleteDirectory(dataDirectory);
    }

    [Fact]
    public async Task Clones_survive_a_restart_with_their_name_consent_and_reference_text()
    {
        VoiceDto created;
        await using (var first = new CineCastApp(dataDirectory))
        {
            var client = await first.SignedInClientAsync("keeper@cinecast.test");
            created = await VoiceLibraryTests.CreateAsync(client, "Kept voice");
        }

        await using var second = new CineCastApp(dataDirectory);
        var again = await second.LoggedInClientAsync("keeper@cinecast.test");
        var voice = await again.GetFromJsonAsync<VoiceDto>($"/api/voices/{created.Id}");
        var admin = await again.GetFromJsonAsync<List<Admin.AdminVoiceDto>>("/api/admin/voices");
        var wav = await again.GetByteArrayAsync($"/api/voices/{created.Id}/audio");

        // The match is the engine's live measurement, not stored with the clone; everything stored must be as it was.
        Assert.Equal(created, voice! with { Match = null });
        Assert.Equal("reference", voice.RefText);
        Assert.Equal("keeper@cinecast.test", Assert.Single(admin!).ConsentBy);
        Assert.Equal(24000, BitConverter.ToInt32(wav, 24));
    }

    [Fact]
    public async Task Start_up_sweeps_temp_files_orphan_files_and_rows_without_files()
    {
        string keptId;
        string lostId;
        await using (var first = new CineCastApp(dataDirectory))
        {
            var client = await first.SignedInClientAsync("sweeper@cinecast.test");
            keptId = (await VoiceLibraryTests.CreateAsync(client, "Kept")).Id;
            lostId = (await VoiceLibraryTests.CreateAsync(client, "Lost")).Id;
        }
        var clones = Path.Combine(dataDirectory, "clones");
        File.Delete(Path.Combine(clones, lostId + ".wav"));
        var orphan = Path.Combine(clones, Voice.NewId() + ".wav");
        File.WriteAllBytes(orphan, [1, 2, 3]);
        var halfWritten = Path.Combine(dataDirectory, "tmp", Voice.NewId() + ".wav.partial");
        File.WriteAllBytes(halfWritten, [1, 2, 3]);

        await using var second = new CineCastApp(dataDirectory);
        var again = await second.LoggedInClientAsync("sweeper@cinecast.test");
        var voices = await again.GetFromJsonAsync<List<VoiceDto>>("/api/voices");

        Assert.False(File.Exists(orphan));
        Assert.False(File.Exists(halfWritten));
        Assert.Contains(voices!, v => v.Id == keptId);
        Assert.DoesNotContain(voices!, v => v.Id == lostId);
        Assert.Equal([Path.Combine(clones, keptId + ".wav")], Directory.GetFiles(clones));
    }

    [Fact]
    public async Task Health_is_open_and_reports_status_engines_and_version()
    {
        await using var app = new CineCastApp(dataDirectory);

        var health = await app.AnonymousClient().GetFromJsonAsync<HealthReport>("/health");

        Assert.Equal("ok", health!.Status);
        Assert.NotNull(health.Engines);
        Assert.Matches(@"^\d+\.\d+\.\d+", health.Version);
    }

    [Fact]
    public void An_unusable_data_directory_stops_the_app_with_a_message_naming_the_setting()
    {
        var blocker = Path.Combine(dataDirectory, "a-file");
        File.WriteAllText(blocker, "not a directory");
        using var app = new CineCastApp(Path.Combine(blocker, "data"));

        var failure = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("CineCast:DataDirectory", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_minimum_speech_length_above_the_maximum_stops_the_app()
    {
        using var app = new CineCastApp(dataDirectory, new() { ["CineCast:Voices:MinSpeechSeconds"] = "30", ["CineCast:Voices:MaxSpeechSeconds"] = "10" });

        var failure = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("MinSpeechSeconds", failure.ToString(), StringComparison.Ordinal);
    }
}
