using CineCast.Speech.Text;

namespace CineCast.Web.Tests;

/// <summary>An engine for testing what surrounds engines: always ready, plans with the app's planner, reads nothing; a subclass says how it speaks.</summary>
public abstract class TestEngine(string id, string description, bool controlsSpeed = true) : ISpeechEngine
{
    public string Id => id;

    public string Description => description;

    public EngineStatus Status => new(Id, EngineStates.Ready, null, Description);

    public bool ControlsSpeed => controlsSpeed;

    public string? CannotSpeak(SpeakingVoice voice, double speed) => null;

    public string? CannotSay(string text, SpeechLanguage? language = null) => null;

    public IEnumerable<TextChunk> Plan(string text, SpeechLanguage? language = null) => TextPlanner.Plan(text, new TextPlanOptions { Language = language });

    public Task<ChunkReading> ReadAsync(TextChunk chunk, CancellationToken cancellationToken) => Task.FromResult(new ChunkReading(null, null));

    public Task PrepareAsync(SpeakingVoice voice, SpeechLanguage language, CancellationToken cancellationToken) => Task.CompletedTask;

    public void Forget(string voiceId)
    {
    }

    public abstract IAsyncEnumerable<SpeechEvent> SynthesizeAsync(
        SpeakingVoice voice, IEnumerable<TextChunk> chunks, SynthesisSettings settings, CancellationToken cancellationToken);
}
