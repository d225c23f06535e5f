using System.Net;
using System.Net.Http.Json;

namespace CineCast.Resilience.Tests;

/// <summary>The published app, started from <c>/</c> with only the two documented folder settings, works and writes only there.</summary>
[Collection(PublishedAppGroup.Name)]
public sealed class PublishedAppTests(PublishedApp published) : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("cinecast-any-dir-").FullName;

    public void Dispose() => Fixtures.DeleteDirectory(root);

    [Fact]
    public async Task Started_from_the_root_folder_it_serves_pages_static_files_clones_and_speech_and_writes_only_its_two_folders()
    {
        var publishedBefore = Listing(published.Folder);
        var data = Path.Combine(root, "data");

        await using (var app = await published.StartAsync(data))
        {
            using var user = await app.RegisteredClientAsync("someone@cinecast.test");
            using var anonymous = app.Client();
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/login")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/worklets/playback-processor.js")).StatusCode);
            var recording = await File.ReadAllBytesAsync(Fixtures.Shared("sample-48k.webm"));
            var created = await user.PostAsync("/api/voices", CloneForms.Of(recording, "Mine", "audio/webm", "recording.webm"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var speech = await user.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = "Published and working.", voice = "Mine", response_format = "mp3" });
            Assert.Equal(HttpStatusCode.OK, speech.StatusCode);
            Assert.True((await speech.Content.ReadAsByteArrayAsync()).Length > 1000);
        }

        Assert.Equal(publishedBefore, Listing(published.Folder));
        Assert.Equal(["data"], Directory.GetFileSystemEntries(root).Select(Path.GetFileName));
        Assert.True(File.Exists(Path.Combine(data, "cinecast.db")));
        Assert.Single(Directory.GetFiles(Path.Combine(data, "clones")));
    }

    private static string[] Listing(string folder) =>
        [.. Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(path => $"{path}:{new FileInfo(path).Length}").Order()];
}
