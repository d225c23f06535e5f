using System.Threading.Channels;
using CineCast.Speech.Text;
using CineCast.Web.Voices;

namespace CineCast.Web.Engines;

/// <summary>
/// Prepares the engines' per-voice profiles in the background: the presets at start, each clone as it is stored,
/// so a person's first request with a voice does not wait for its calibration.
/// </summary>
public sealed partial class ProfileWarmup(EngineCatalog engines, PresetCatalog presets, ILogger<ProfileWarmup> logger) : BackgroundService
{
    private readonly Channel<(SpeakingVoice Voice, SpeechLanguage Language)> queue =
        Channel.CreateBounded<(SpeakingVoice, SpeechLanguage)>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });

    public void Enqueue(SpeakingVoice voice, SpeechLanguage language) => queue.Writer.TryWrite((voice, language));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var preset in presets.All)
        {
            Enqueue(SpeakingVoice.From(preset), SpeakingVoice.LikelyLanguage(preset, null));
        }

        await foreach (var (voice, language) in queue.Reader.ReadAllAsync(stoppingToken))
        {
            foreach (var engine in engines.Ready)
            {
                try
                {
                    await engine.PrepareAsync(voice, language, stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogWarmupFailed(engine.Id, voice.Id, exception.Message);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Preparing the {EngineId} profile of {VoiceId} failed; it will be tried again on first use: {Reason}")]
    private partial void LogWarmupFailed(string engineId, string voiceId, string reason);
}
