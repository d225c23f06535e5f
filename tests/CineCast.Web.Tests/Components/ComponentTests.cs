using Bunit;
using CineCast.Web.Synthesis.Components;
using CineCast.Web.Voices;
using CineCast.Web.Voices.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CineCast.Web.Tests.Components;

/// <summary>bUnit tests; the context is disposed asynchronously because MudBlazor's services only support that.</summary>
public sealed class ComponentTests : IAsyncLifetime
{
    private readonly BunitContext context = new();

    public ComponentTests()
    {
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddSingleton<AntiforgeryStateProvider, FixedAntiforgery>();
    }

    /// <summary>What a prerendered page would hand the upload script; bUnit has no HTTP request to make one from.</summary>
    private sealed class FixedAntiforgery : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken? GetAntiforgeryToken() => new("test-token", "__RequestVerificationToken");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await context.DisposeAsync();

    [Theory]
    [InlineData("", true, "A name is 1 to 80 characters.")]
    [InlineData("Tammy", false, "Tick the consent box")]
    [InlineData("Tammy", true, null)]
    public void Clone_fields_need_a_name_and_consent_before_they_are_sent(string name, bool consent, string? problem)
    {
        var model = new CloneFieldsModel { Name = name, Consent = consent };

        if (problem is null)
        {
            Assert.Null(model.Problem);
        }
        else
        {
            Assert.StartsWith(problem, model.Problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_reading_shows_each_chunk_with_its_tokens_and_marks_byte_pieces()
    {
        var analysis = new TextAnalysis("pocket-tts", "A naive cafe.", "en", null, "pocket-tts has a model for English only.",
        [
            new AnalyzedChunk(0, "A naïve café.", "en", 0, 13,
                [new(383, "▁A"), new(913, "▁na"), new(199, "<0xC3>"), new(179, "<0xAF>"), new(314, "ve")], null),
            new AnalyzedChunk(1, "Hello.", "en", 14, 6, null, "həlˈəʊ"),
        ]);

        var reading = context.Render<TextReading>(parameters => parameters.Add(p => p.Analysis, analysis));

        Assert.Equal(2, reading.FindAll("[data-testid=reading-chunk]").Count);
        Assert.Equal(["▁A", "▁na", "<0xC3>", "<0xAF>", "ve"], reading.FindAll("[data-testid=token]").Select(t => t.TextContent));
        Assert.Equal(2, reading.FindAll(".token-byte").Count);
        Assert.Equal("id 199", reading.FindAll("[data-testid=token]")[2].GetAttribute("title"));
        Assert.Equal("həlˈəʊ", reading.Find("[data-testid=phonemes]").TextContent);
        Assert.Contains("English only", reading.Find("[data-testid=reading-refusal]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_player_status_says_which_engine_and_voice_really_spoke()
    {
        var status = context.Render<PlayerStatus>(parameters => parameters
            .Add(p => p.Start, new PlayerStart("basic", "Basic: approximate voice matching; not neural cloning.", "0123", "Tammy", "clone"))
            .Add(p => p.Progress, new PlayerProgress(48000, 24000, 0, 12.5, "playing"))
            .Add(p => p.End, new PlayerEnd(2.0, 12.5, 0.01)));

        var spokenBy = status.Find("[data-testid=spoken-by]").TextContent;
        Assert.Contains("Tammy", spokenBy, StringComparison.Ordinal);
        Assert.Contains("basic", spokenBy, StringComparison.Ordinal);
        Assert.Contains("not neural cloning", status.Markup, StringComparison.Ordinal);
        Assert.Contains("13 ms", status.Markup, StringComparison.Ordinal);
        Assert.Equal("playing", status.Find("[data-testid=player-state]").TextContent);
    }

    [Fact]
    public void A_denied_microphone_shows_what_to_do_and_offers_the_upload_page()
    {
        var recorder = context.JSInterop.SetupModule("./js/recorder.js");
        recorder.Setup<RecorderStart>("start", _ => true).SetResult(new RecorderStart(false, 0, "denied", "Permission denied"));
        context.AddAuthorization().SetAuthorized("someone@cinecast.test");
        context.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        context.Render<MudBlazor.MudPopoverProvider>();
        var page = context.Render<RecordPage>();

        page.FindAll("button").Single(b => b.TextContent.Trim() == "Record").Click();

        var problem = page.Find("[data-testid=microphone-problem]");
        Assert.Contains("did not allow the microphone", problem.TextContent, StringComparison.Ordinal);
        Assert.Equal("upload", problem.QuerySelector("a")!.GetAttribute("href"));
    }
}
