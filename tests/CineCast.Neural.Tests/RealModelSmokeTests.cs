using CineCast.Neural.PocketTts;

namespace CineCast.Neural.Tests;

/// <summary>
/// Runs only where POCKET_TTS_MODEL_DIR names a folder with the real english_2026-04 files (they cannot be
/// downloaded on the project's own machines): the real graphs load, their state manifests have the published
/// counts, and a sentence comes out as finite audio. It says nothing about how the voice sounds.
/// </summary>
public sealed class RealModelSmokeTests
{
    private static string ModelDirectory => Environment.GetEnvironmentVariable(RealModelFactAttribute.Variable)!;

    [RealModelFact]
    public void The_real_bundle_has_the_published_state_counts()
    {
        var bundle = PocketBundle.Load(ModelDirectory);

        Assert.Equal((18, 56, 24000, 1920), (bundle.FlowLmStates.Count, bundle.MimiStates.Count, bundle.SampleRate, bundle.SamplesPerFrame));
    }

    [RealModelFact]
    public async Task The_real_model_turns_a_sentence_into_finite_audio_in_a_cloned_voice()
    {
        using var model = PocketModel.Load(ModelDirectory);
        var clip = Enumerable.Range(0, 24000 * 3).Select(i => MathF.Sin(i * 2 * MathF.PI * 140 / 24000) * 0.3f).ToArray();
        using var voice = model.CreateVoice(clip);
        var samples = new List<float>();

        await foreach (var block in model.StreamAsync(voice, "Hello there, this is a short test.", new PocketGenerationOptions { Seed = 1 }))
        {
            samples.AddRange(block);
        }

        Assert.True(samples.Count >= model.Bundle.SamplesPerFrame * 5, $"only {samples.Count} samples");
        Assert.All(samples, sample => Assert.True(float.IsFinite(sample)));
    }
}

/// <summary>A fact that is skipped, with the reason shown, unless the real model files are available.</summary>
public sealed class RealModelFactAttribute : FactAttribute
{
    public const string Variable = "POCKET_TTS_MODEL_DIR";

    public RealModelFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"Set {Variable} to a folder with the real english_2026-04 files to run this.";
        }
    }
}
