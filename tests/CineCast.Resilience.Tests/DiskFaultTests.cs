using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CineCast.Web.Voices;

namespace CineCast.Resilience.Tests;

/// <summary>
/// A full data disk and a data folder that cannot be written: saves are refused with a reason, nothing is left
/// half-written, reads keep working, and the app recovers when the disk does. Uses a small tmpfs and read-only
/// bind mounts, so it needs root (CI runs as root).
/// </summary>
[Collection(PublishedAppGroup.Name)]
public sealed class DiskFaultTests(PublishedApp published) : IAsyncLifetime
{
    private static readonly byte[] Clip = File.ReadAllBytes(Fixtures.Shared("en_ls1363_1363-135842-0000.wav"));
    private readonly string dataDirectory = Path.Combine(Directory.CreateTempSubdirectory("cinecast-disk-").FullName, "data");
    private readonly List<string> mounts = [];

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(dataDirectory);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var mount in Enumerable.Reverse(mounts))
        {
            await MountAsync("umount", mount);
        }
        Fixtures.DeleteDirectory(Path.GetDirectoryName(dataDirectory)!);
    }

    [MountFact]
    public async Task On_a_full_disk_a_clone_is_refused_with_507_nothing_is_half_written_and_reads_go_on()
    {
        await MountAsync("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", dataDirectory);
        mounts.Add(dataDirectory);
        await using var app = await published.StartAsync(dataDirectory);
        using var user = await app.RegisteredClientAsync("full@cinecast.test");
        var before = await CreateAsync(user, "Before");
        var filler = Path.Combine(dataDirectory, "filler");
        FillDisk(filler, leaveFreeBytes: 64 * 1024);

        var refused = await user.PostAsync("/api/voices", Form("Too much"));

        await AssertProblemAsync(refused, HttpStatusCode.InsufficientStorage, "storage.full");
        AssertOnlyClones(before.Id);
        await AssertReadsWorkAsync(app, user, before.Id);

        File.Delete(filler);
        Assert.Equal(HttpStatusCode.Created, (await user.PostAsync("/api/voices", Form("After"))).StatusCode);
    }

    [MountFact]
    public async Task With_the_clone_folders_read_only_a_clone_is_refused_with_503_and_reads_go_on()
    {
        await using var app = await published.StartAsync(dataDirectory);
        using var user = await app.RegisteredClientAsync("readonly@cinecast.test");
        var before = await CreateAsync(user, "Before");
        foreach (var folder in new[] { "clones", "tmp" })
        {
            var path = Path.Combine(dataDirectory, folder);
            await MountAsync("mount", "--bind", path, path);
            mounts.Add(path);
            await MountAsync("mount", "-o", "remount,bind,ro", path);
        }

        var refused = await user.PostAsync("/api/voices", Form("Nowhere to go"));

        await AssertProblemAsync(refused, HttpStatusCode.ServiceUnavailable, "storage.unwritable");
        AssertOnlyClones(before.Id);
        await AssertReadsWorkAsync(app, user, before.Id);
    }

    private static async Task AssertReadsWorkAsync(AppProcess app, HttpClient user, string cloneId)
    {
        Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync("/health")).StatusCode);
        Assert.Contains((await user.GetFromJsonAsync<List<VoiceDto>>("/api/voices"))!, v => v.Id == cloneId);
        var audio = await user.GetByteArrayAsync($"/api/voices/{cloneId}/audio");
        Assert.Equal("RIFF"u8.ToArray(), audio[..4]);
        Assert.True(audio.Length > 100_000, $"{audio.Length} bytes");
    }

    private void AssertOnlyClones(params string[] ids)
    {
        Assert.Equal(ids.Select(id => id + ".wav").Order(), Directory.GetFiles(Path.Combine(dataDirectory, "clones")).Select(Path.GetFileName).Order()!);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(dataDirectory, "tmp")));
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Equal(reason, JsonDocument.Parse(body).RootElement.GetProperty("reason").GetString());
    }

    private static async Task<VoiceDto> CreateAsync(HttpClient user, string name)
    {
        var response = await user.PostAsync("/api/voices", Form(name));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<VoiceDto>())!;
    }

    private static MultipartFormDataContent Form(string name) => CloneForms.Of(Clip, name);

    /// <summary>Writes until the disk refuses, then gives a little back: room for small writes, none for a clone.</summary>
    private static void FillDisk(string filler, long leaveFreeBytes)
    {
        var block = new byte[64 * 1024];
        using (var stream = new FileStream(filler, FileMode.CreateNew))
        {
            try
            {
                while (true)
                {
                    stream.Write(block);
                    stream.Flush();
                }
            }
            catch (IOException)
            {
                // The disk is full.
            }
        }
        using var shrink = new FileStream(filler, FileMode.Open);
        shrink.SetLength(Math.Max(0, shrink.Length - leaveFreeBytes));
    }

    private static async Task MountAsync(string program, params string[] arguments)
    {
        var (exitCode, output) = await PublishedApp.RunAsync(program, arguments);
        Assert.True(exitCode == 0, $"{program} {string.Join(' ', arguments)}: {output}");
    }
}

/// <summary>A fact that needs root on Linux (to mount a small tmpfs and read-only binds); skipped with the reason elsewhere.</summary>
public sealed class MountFactAttribute : FactAttribute
{
    public MountFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
        {
            Skip = "Needs root on Linux to mount a tmpfs and read-only bind mounts (CI runs as root).";
        }
    }
}
