using System.Net;
using System.Net.Http.Json;
using CineCast.Web.Voices;

namespace CineCast.Web.Tests;

public sealed class VoiceLibraryTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task The_library_lists_the_presets_and_the_callers_own_clones_only()
    {
        var alice = await fixture.NewUserAsync();
        var bob = await fixture.NewUserAsync();
        var alicesClone = await CreateAsync(alice, "Alice reading");

        var alicesList = await alice.GetFromJsonAsync<List<VoiceDto>>("/api/voices");
        var bobsList = await bob.GetFromJsonAsync<List<VoiceDto>>("/api/voices");

        Assert.Contains(alicesList!, v => v.Id == alicesClone.Id && v.Kind == VoiceKinds.Clone);
        Assert.DoesNotContain(bobsList!, v => v.Id == alicesClone.Id);
        var presets = bobsList!.Where(v => v.Kind == VoiceKinds.Preset).ToList();
        Assert.True(presets.Count >= 4);
        Assert.Contains(presets, p => p.Name == "aiden");
        Assert.Contains(presets, p => p is { Language: "en", Gender: "male" });
        Assert.Contains(presets, p => p is { Language: "en", Gender: "female" });
        Assert.Contains(presets, p => p is { Language: "zh", Gender: "male" });
        Assert.Contains(presets, p => p is { Language: "zh", Gender: "female" });
    }

    [Fact]
    public async Task Another_users_clone_is_404_for_get_audio_rename_and_delete()
    {
        var owner = await fixture.NewUserAsync();
        var stranger = await fixture.NewUserAsync();
        var clone = await CreateAsync(owner, "Private voice");

        var get = await stranger.GetAsync($"/api/voices/{clone.Id}");
        var audio = await stranger.GetAsync($"/api/voices/{clone.Id}/audio");
        var rename = await stranger.PatchAsJsonAsync($"/api/voices/{clone.Id}", new { name = "Stolen" });
        var delete = await stranger.DeleteAsync($"/api/voices/{clone.Id}");

        Assert.All([get, audio, rename, delete], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        var stillThere = await owner.GetFromJsonAsync<VoiceDto>($"/api/voices/{clone.Id}");
        Assert.Equal("Private voice", stillThere!.Name);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/voices/{clone.Id}/audio")).StatusCode);
    }

    [Fact]
    public async Task A_clone_can_be_renamed_but_not_to_a_name_already_in_use()
    {
        var user = await fixture.NewUserAsync();
        var first = await CreateAsync(user, "First");
        await CreateAsync(user, "Second");

        var renamed = await user.PatchAsJsonAsync($"/api/voices/{first.Id}", new { name = "  Renamed  " });
        var clash = await user.PatchAsJsonAsync($"/api/voices/{first.Id}", new { name = "SECOND" });
        var empty = await user.PatchAsJsonAsync($"/api/voices/{first.Id}", new { name = "" });

        Assert.Equal("Renamed", (await renamed.Content.ReadFromJsonAsync<VoiceDto>())!.Name);
        await CloneServiceTests.AssertProblemAsync(clash, HttpStatusCode.Conflict, "voice.name-taken");
        await CloneServiceTests.AssertProblemAsync(empty, HttpStatusCode.BadRequest, "voice.name-invalid");
        Assert.Equal("Renamed", (await user.GetFromJsonAsync<VoiceDto>($"/api/voices/{first.Id}"))!.Name);
    }

    [Fact]
    public async Task Deleting_a_clone_removes_its_file_and_its_row()
    {
        var user = await fixture.NewUserAsync();
        var clone = await CreateAsync(user, "Short-lived");
        var file = Path.Combine(fixture.App.ClonesDirectory, clone.Id + ".wav");
        Assert.True(File.Exists(file));

        var response = await user.DeleteAsync($"/api/voices/{clone.Id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False(File.Exists(file));
        Assert.Equal(HttpStatusCode.NotFound, (await user.GetAsync($"/api/voices/{clone.Id}")).StatusCode);
    }

    [Fact]
    public async Task Presets_can_be_read_but_not_renamed_deleted_or_downloaded()
    {
        var user = await fixture.NewUserAsync();

        var aiden = await user.GetFromJsonAsync<VoiceDto>("/api/voices/aiden");
        var rename = await user.PatchAsJsonAsync("/api/voices/aiden", new { name = "mine now" });
        var delete = await user.DeleteAsync("/api/voices/aiden");
        var audio = await user.GetAsync("/api/voices/aiden/audio");

        Assert.Equal(VoiceKinds.Preset, aiden!.Kind);
        await CloneServiceTests.AssertProblemAsync(rename, HttpStatusCode.Forbidden, "voice.preset-read-only");
        await CloneServiceTests.AssertProblemAsync(delete, HttpStatusCode.Forbidden, "voice.preset-read-only");
        await CloneServiceTests.AssertProblemAsync(audio, HttpStatusCode.NotFound, "voice.preset-has-no-recording");
    }

    [Theory]
    [InlineData("does-not-exist")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("..%2F..%2Fcinecast.db")]
    public async Task Unknown_or_hostile_ids_are_404(string id)
    {
        var user = await fixture.NewUserAsync();

        var response = await user.GetAsync($"/api/voices/{id}/audio");

        await CloneServiceTests.AssertProblemAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    internal static async Task<VoiceDto> CreateAsync(HttpClient client, string name)
    {
        var response = await client.PostAsync("/api/voices", CloneForm.Of(SpeechFiles.Shared(SpeechFiles.Clip24k), name: name, refText: "reference"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<VoiceDto>())!;
    }

    [Fact]
    public async Task A_clone_says_how_close_the_basic_engine_came_to_its_recording_once_it_has_spoken()
    {
        var user = await fixture.NewUserAsync();
        var cloneId = await SpeechClient.CloneIdAsync(user, SpeechFiles.Clip24k, "Close enough");
        await using var hub = await SpeechClient.ConnectAsync(fixture.App, user);

        await hub.SpeakAsync(new Synthesis.SynthesisRequest("Hello there.", cloneId));
        var voice = (await user.GetFromJsonAsync<VoiceDto>($"/api/voices/{cloneId}"))!;
        var preset = (await user.GetFromJsonAsync<VoiceDto>("/api/voices/aiden"))!;

        var match = voice.Match!;
        Assert.Equal(("basic", "en"), (match.Engine, match.Language));
        Assert.Equal(voice.MedianF0Hz!.Value, match.RecordingPitchHz!.Value, voice.MedianF0Hz.Value * 0.1);
        Assert.InRange(match.VoicePitchHz!.Value, match.RecordingPitchHz.Value * 0.8, match.RecordingPitchHz.Value * 1.25);
        Assert.True(match.TimbreDistanceAfterDb <= match.TimbreDistanceBeforeDb, $"{match.TimbreDistanceAfterDb} after, {match.TimbreDistanceBeforeDb} before");
        Assert.Contains("not neural cloning", match.Summary, StringComparison.Ordinal);
        Assert.Null(preset.Match);
    }
}
