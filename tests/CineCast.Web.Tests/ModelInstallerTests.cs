using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using CineCast.Web.Engines.Neural;
using Microsoft.Extensions.Logging.Abstractions;

namespace CineCast.Web.Tests;

/// <summary>Model install against a loopback HTTP server serving small files pinned by size and SHA-256.</summary>
public sealed class ModelInstallerTests : IAsyncLifetime
{
    private readonly Dictionary<string, byte[]> served = new()
    {
        ["big.onnx"] = RandomNumberGenerator.GetBytes(400_000),
        ["small.onnx"] = RandomNumberGenerator.GetBytes(30_000),
        ["bundle.json"] = "{\"schema_version\":2}"u8.ToArray(),
    };
    private readonly ConcurrentQueue<string?> ranges = new();
    private readonly ConcurrentQueue<string> siblingRequests = new();
    private readonly string models = Directory.CreateTempSubdirectory("cinecast-models-").FullName;
    private WebApplication server = default!;
    private Uri baseUrl = default!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        server = builder.Build();
        server.MapGet("/italian/{name}", (string name) =>
        {
            siblingRequests.Enqueue(name);
            return served.TryGetValue(name, out var bytes) ? Results.File(bytes, "application/octet-stream") : Results.NotFound();
        });
        server.MapGet("/files/{name}", (string name, HttpRequest request) =>
        {
            ranges.Enqueue(request.Headers.Range.ToString());
            return served.TryGetValue(name, out var bytes)
                ? Results.File(bytes, "application/octet-stream", enableRangeProcessing: true)
                : Results.NotFound();
        });
        await server.StartAsync();
        baseUrl = new Uri(server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/files/");
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        Directory.Delete(models, recursive: true);
    }

    [Fact]
    public async Task A_bundle_is_downloaded_checked_and_put_in_place_with_progress()
    {
        var reports = new List<InstallProgress>();

        await Installer().InstallAsync(Bundle(), new ModelSource.Web(baseUrl), models, new SynchronousProgress(reports.Add), CancellationToken.None);

        Assert.True(ModelInstaller.IsInstalled(models, Bundle()));
        Assert.Equal(served["big.onnx"], await File.ReadAllBytesAsync(Path.Combine(Folder(), "big.onnx")));
        Assert.Equal(Bundle().TotalBytes, reports[^1].BytesDone);
        Assert.Equal(reports.Select(r => r.BytesDone).Order(), reports.Select(r => r.BytesDone));
        Assert.Empty(Directory.GetFiles(Folder(), "*.partial"));
    }

    [Fact]
    public async Task An_interrupted_download_resumes_where_it_stopped()
    {
        Directory.CreateDirectory(Folder());
        await File.WriteAllBytesAsync(Path.Combine(Folder(), "big.onnx.partial"), served["big.onnx"][..150_000]);

        await Installer().InstallAsync(Bundle(), new ModelSource.Web(baseUrl), models, new SynchronousProgress(_ => { }), CancellationToken.None);

        Assert.Contains("bytes=150000-", ranges);
        Assert.Equal(served["big.onnx"], await File.ReadAllBytesAsync(Path.Combine(Folder(), "big.onnx")));
    }

    [Fact]
    public async Task A_file_with_the_wrong_hash_is_deleted_and_named_in_the_error()
    {
        var bundle = Bundle() with { Files = [.. Bundle().Files.Select(f => f.Name == "small.onnx" ? f with { Sha256 = new string('0', 64) } : f)] };

        var failure = await Assert.ThrowsAsync<ModelInstallException>(() =>
            Installer().InstallAsync(bundle, new ModelSource.Web(baseUrl), models, new SynchronousProgress(_ => { }), CancellationToken.None));

        Assert.Contains("small.onnx", failure.Message, StringComparison.Ordinal);
        Assert.Contains("deleted", failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Folder(), "small.onnx")));
        Assert.False(File.Exists(Path.Combine(Folder(), "small.onnx.partial")));
        Assert.False(ModelInstaller.IsInstalled(models, bundle));
    }

    [Fact]
    public async Task A_folder_of_downloaded_files_installs_with_the_same_checks()
    {
        var source = Directory.CreateTempSubdirectory("cinecast-model-source-").FullName;
        try
        {
            foreach (var (name, bytes) in served)
            {
                await File.WriteAllBytesAsync(Path.Combine(source, name), bytes);
            }
            await Installer().InstallAsync(Bundle(), new ModelSource.Folder(source), models, new SynchronousProgress(_ => { }), CancellationToken.None);
            File.Delete(Path.Combine(source, "small.onnx"));
            File.Delete(Path.Combine(Folder(), "small.onnx"));

            var failure = await Assert.ThrowsAsync<ModelInstallException>(() =>
                Installer().InstallAsync(Bundle(), new ModelSource.Folder(source), models, new SynchronousProgress(_ => { }), CancellationToken.None));

            Assert.Contains("small.onnx is not in the folder", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(source, recursive: true);
        }
    }

    [Fact]
    public async Task The_admin_api_requires_the_licence_and_reports_a_failed_install_with_its_reason()
    {
        using var app = new CineCastApp(settings: new() { ["CineCast:Engines:Neural:BaseUrl"] = baseUrl.ToString() });
        var admin = await app.SignedInClientAsync("models@cinecast.test");
        var user = await app.SignedInClientAsync("viewer@cinecast.test");

        var refused = await admin.PostAsJsonAsync("/api/admin/models/pocket-tts/install", new { acceptLicense = false });
        var forbidden = await user.PostAsJsonAsync("/api/admin/models/pocket-tts/install", new { acceptLicense = true });
        var started = await admin.PostAsJsonAsync("/api/admin/models/pocket-tts/install", new { acceptLicense = true });
        await app.Services.GetRequiredService<ModelInstallations>().WaitAsync();
        var status = (await admin.GetFromJsonAsync<List<ModelStatus>>("/api/admin/models"))!.Single(s => s.Bundle == "english_2026-04");

        await CloneServiceTests.AssertProblemAsync(refused, HttpStatusCode.BadRequest, "model.install-refused");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(ModelStates.Failed, status.State);
        // The loopback server's bundle.json is not the pinned one: the install must refuse it by size.
        Assert.Contains("bundle.json has 20 bytes, not the pinned 24,381", status.Error, StringComparison.Ordinal);
        Assert.Contains("CC BY 4.0", status.Attribution, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_language_installs_its_lightest_pinned_bundle_from_the_sibling_folder_and_an_unpinned_one_is_refused()
    {
        using var app = new CineCastApp(settings: new() { ["CineCast:Engines:Neural:BaseUrl"] = baseUrl.ToString() });
        var admin = await app.SignedInClientAsync("languages@cinecast.test");

        var listed = (await admin.GetFromJsonAsync<List<ModelStatus>>("/api/admin/models"))!;
        var german = await admin.PostAsJsonAsync("/api/admin/models/pocket-tts/install", new { acceptLicense = true, language = "de" });
        var italian = await admin.PostAsJsonAsync("/api/admin/models/pocket-tts/install", new { acceptLicense = true, language = "it" });
        await app.Services.GetRequiredService<ModelInstallations>().WaitAsync();
        var status = (await admin.GetFromJsonAsync<List<ModelStatus>>("/api/admin/models"))!.Single(s => s.Bundle == "italian");

        Assert.Equal([("english_2026-04", "en"), ("italian", "it"), ("italian_24l", "it"), ("french_24l", "fr")], listed.Select(s => (s.Bundle, s.Language)));
        await CloneServiceTests.AssertProblemAsync(german, HttpStatusCode.BadRequest, "model.install-refused");
        Assert.Contains("fr: french_24l", await german.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, italian.StatusCode);
        // The configured base URL is english_2026-04's folder; italian is fetched from its sibling folder.
        Assert.Contains("bundle.json", siblingRequests);
        Assert.Equal(ModelStates.Failed, status.State);
        Assert.Contains("bundle.json has 20 bytes, not the pinned 24,365", status.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_line_installs_by_language_into_that_bundles_folder_and_refuses_one_not_offered()
    {
        using var app = new CineCastApp();
        var empty = Directory.CreateTempSubdirectory("cinecast-empty-source-").FullName;
        try
        {
            var german = await ModelsCommand.RunAsync(app.Services, ["models", "install", "pocket-tts", "--accept-license", "--language", "de"]);
            var italian = await ModelsCommand.RunAsync(app.Services, ["models", "install", "pocket-tts", "--accept-license", "--language", "it", "--from", empty]);
            var status = app.Services.GetRequiredService<ModelInstallations>().Statuses().Single(s => s.Bundle == "italian");

            Assert.Equal((1, 1), (german, italian));
            Assert.Equal(ModelStates.Failed, status.State);
            Assert.Contains("is not in the folder", status.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    private ModelBundle Bundle() =>
        new("tiny", "v1", [.. served.Select(f => new ModelFile(f.Key, f.Value.Length, Convert.ToHexStringLower(SHA256.HashData(f.Value))))]);

    private string Folder() => ModelInstaller.BundleDirectory(models, Bundle());

    private static ModelInstaller Installer() => new(new HttpClient(), NullLogger<ModelInstaller>.Instance);

    /// <summary>Progress&lt;T&gt; posts to the thread pool; the tests want every report, in order.</summary>
    private sealed class SynchronousProgress(Action<InstallProgress> report) : IProgress<InstallProgress>
    {
        public void Report(InstallProgress value) => report(value);
    }
}
