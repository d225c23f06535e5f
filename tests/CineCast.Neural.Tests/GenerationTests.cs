using CineCast.Neural.PocketTts;
using Microsoft.ML.OnnxRuntime;

namespace CineCast.Neural.Tests;

public sealed class GenerationTests(TinyModelFixture fixture) : IClassFixture<TinyModelFixture>
{
    private readonly PocketModel _model = fixture.Model;

    private static readonly PocketGenerationOptions Deterministic = new() { Temperature = 0, FirstDecodeFrames = 1, DecodeFrames = 1 };

    [Fact]
    public void The_tokenizer_gives_the_ids_sentencepiece_gave_when_the_model_was_trained()
    {
        Assert.Equal([9, 68, 67, 23, 3, 41, 85, 37, 18, 12, 4, 47, 108, 5], _model.Tokenizer.Encode("Hello world. This is a test! Ok?"));
    }

    [Fact]
    public void Voice_prefill_advances_every_layer_by_the_encoder_frames_plus_the_bos_row()
    {
        using var voice = _model.CreateVoice(TinyBundle.Clip(40));

        Assert.Equal(4, voice.Positions);
        Assert.Equal(4, voice.State.ReadInt64(TinyBundle.Layer0, "step"));
        Assert.Equal(4, voice.State.ReadInt64(TinyBundle.Layer1, "step"));
    }

    [Fact]
    public void Text_prefill_and_each_ar_step_advance_the_backbone_step_without_touching_the_voice_state()
    {
        using var voice = _model.CreateVoice(TinyBundle.Clip(40));
        var tokens = _model.Chunker.Split("Hello world.").Chunks[0].TokenIds;
        using var runOptions = new RunOptions();
        using var generator = new ChunkGenerator(_model, voice, tokens, 3, Deterministic, new Random(1), runOptions, CancellationToken.None);

        Assert.Equal(4 + tokens.Count, generator.State.ReadInt64(TinyBundle.Layer0, "step"));
        var latent = new float[4];
        for (var i = 0; i < 3; i++)
        {
            Assert.True(generator.TryNext(latent));
        }

        Assert.Equal(4 + tokens.Count + 3, generator.State.ReadInt64(TinyBundle.Layer1, "step"));
        Assert.Equal(4, voice.State.ReadInt64(TinyBundle.Layer0, "step"));
    }

    [Fact]
    public void Latents_come_from_the_bos_marker_and_one_euler_step_over_the_conditioning()
    {
        using var voice = _model.CreateVoice(TinyBundle.Clip(40));
        var tokens = _model.Chunker.Split("Hello world.").Chunks[0].TokenIds;
        using var runOptions = new RunOptions();
        using var generator = new ChunkGenerator(_model, voice, tokens, 3, Deterministic, new Random(1), runOptions, CancellationToken.None);
        var first = new float[4];
        var second = new float[4];

        generator.TryNext(first);
        generator.TryNext(second);

        var firstStep = 4 + tokens.Count + 1;
        var expectedFirst = (0.5f * TinyBundle.BosLatent) + (TinyBundle.StepGain * firstStep);
        Assert.All(first, v => Assert.Equal(expectedFirst, v, 5));
        var expectedSecond = (0.5f * expectedFirst) + (TinyBundle.StepGain * (firstStep + 1));
        Assert.All(second, v => Assert.Equal(expectedSecond, v, 5));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(5)]
    public void Generation_stops_frames_after_eos_after_the_eos_frame(int framesAfterEos)
    {
        using var voice = _model.CreateVoice(TinyBundle.Clip(40));
        var tokens = _model.Chunker.Split("Hello world.").Chunks[0].TokenIds;
        using var runOptions = new RunOptions();
        using var generator = new ChunkGenerator(_model, voice, tokens, framesAfterEos, Deterministic, new Random(1), runOptions, CancellationToken.None);
        var latent = new float[4];

        while (generator.TryNext(latent))
        {
        }

        // eos_logit = step_out - 24 passes -4 first when step_out = 21, i.e. AR step 20 - prefix.
        var expectedEos = TinyBundle.EosStepOffset - 4 - (4 + tokens.Count);
        Assert.Equal(expectedEos, generator.EosStep);
        Assert.Equal(expectedEos + framesAfterEos, generator.LatentsEmitted);
        Assert.Equal(expectedEos + framesAfterEos + 1, generator.StepsRun);
        Assert.True(generator.FrameLimit > generator.StepsRun);
    }

    [Fact]
    public void Without_eos_generation_stops_at_the_frame_limit_and_never_writes_past_the_end_of_the_cache()
    {
        using var voice = _model.CreateVoice(TinyBundle.Clip(40));
        var tokens = _model.Chunker.Split("Hello world.").Chunks[0].TokenIds;
        using var runOptions = new RunOptions();
        var neverEos = Deterministic with { EosThreshold = 1e9f };
        using var generator = new ChunkGenerator(_model, voice, tokens, 3, neverEos, new Random(1), runOptions, CancellationToken.None);
        var latent = new float[4];

        while (generator.TryNext(latent))
        {
        }

        // Kyutai's estimate for these tokens is over 25 frames; the 32-position cache leaves 32 - 4 (voice) - tokens.
        Assert.Null(generator.EosStep);
        Assert.True(Math.Ceiling(((tokens.Count / 3.0) + 2.0) * 12.5) > 32 - 4 - tokens.Count);
        Assert.Equal(32 - 4 - tokens.Count, generator.LatentsEmitted);
        Assert.Equal(32, generator.State.ReadInt64(TinyBundle.Layer0, "step"));
    }

    [Fact]
    public void A_long_clip_conditions_on_at_most_a_quarter_of_the_cache()
    {
        using var voice = _model.CreateVoice(TinyBundle.Clip(16 * 100));

        Assert.Equal(8, _model.Bundle.MaxVoicePositions);
        Assert.Equal(8, voice.Positions);
        Assert.Equal(8, voice.State.ReadInt64(TinyBundle.Layer0, "step"));
    }

    [Fact]
    public void Text_too_long_for_the_cache_is_cut_into_chunks_that_fit_and_keeps_every_character()
    {
        const string text = "we speak short clear words and then some more words without any stop at all";

        var chunks = _model.Chunker.Split(text).Chunks;

        Assert.Equal(4, _model.Bundle.MaxChunkTokensThatFit);
        Assert.True(chunks.Count > 3);
        Assert.All(chunks, c => Assert.InRange(c.TokenIds.Count, 1, 4 + 1));
        // The tiny vocabulary spells most words in several pieces; a word longer than the limit is cut inside.
        Assert.Equal(("We" + text[2..] + ".").Replace(" ", "", StringComparison.Ordinal), string.Concat(chunks.Select(c => c.Text)).Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stream_that_would_overflow_the_cache_ends_each_chunk_in_time_and_finishes()
    {
        using var voice = _model.CreateVoice(TinyBundle.Clip(16 * 100));
        var neverEos = Deterministic with { EosThreshold = 1e9f };
        const string text = "we speak short clear words and then some more words without any stop at all";

        var blocks = await Collect(voice, text, neverEos);

        var chunks = _model.Chunker.Split(text).Chunks;
        Assert.Equal(chunks.Sum(c => 32 - 8 - c.TokenIds.Count) * 16, blocks.Sum(b => b.Length));
    }

    [Fact]
    public void Chunks_respect_max_token_per_chunk_and_keep_every_word()
    {
        const string text = "Hello world. This is a test! Ok? We speak short clear sentences, with numbers; one two three.";

        var chunks = _model.Chunker.Split(text).Chunks;

        Assert.True(chunks.Count > 2);
        // Tokenizing a joined chunk again may change its count by a token at a seam.
        Assert.All(chunks, c => Assert.InRange(c.TokenIds.Count, 1, 8 + 1));
        var words = string.Join(' ', chunks.Select(c => c.Text)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(text.ToUpperInvariant().Split(' '), words.Select(w => w.ToUpperInvariant()));
    }

    [Fact]
    public void Text_preparation_capitalises_and_closes_with_a_period()
    {
        var (text, guess) = _model.Chunker.Prepare("  hello\nworld  ");

        Assert.Equal("Hello world.", text);
        Assert.Equal(3, guess);
        Assert.Throws<ArgumentException>(() => _model.Chunker.Prepare("   "));
    }

    [Fact]
    public async Task Streaming_frame_by_frame_gives_samples_per_frame_samples_per_latent()
    {
        using var voice = _model.CreateVoice(TinyBundle.Clip(40));
        var chunks = _model.Chunker.Split("Hello world.").Chunks;
        var options = Deterministic with { FramesAfterEos = 2 };

        var blocks = new List<float[]>();
        await foreach (var block in _model.StreamAsync(voice, "Hello world.", options))
        {
            blocks.Add(block);
        }

        var expectedFrames = chunks.Sum(c => TinyBundle.EosStepOffset - 4 - (4 + c.TokenIds.Count) + 2);
        Assert.Equal(expectedFrames, blocks.Count);
        Assert.All(blocks, b => Assert.Equal(16, b.Length));
    }

    [Fact]
    public async Task Any_decode_grouping_gives_the_same_audio()
    {
        using var voice = _model.CreateVoice(TinyBundle.Clip(40));
        var single = await Collect(voice, "Hello world. This is a test!", Deterministic);
        var grouped = await Collect(voice, "Hello world. This is a test!", Deterministic with { FirstDecodeFrames = 2, DecodeFrames = 3 });

        Assert.Equal(single.Sum(b => b.Length), grouped.Sum(b => b.Length));
        Assert.Equal(single.SelectMany(b => b), grouped.SelectMany(b => b));
        Assert.Equal(32, grouped[0].Length);
    }

    [Fact]
    public void The_decoder_advances_its_counters_by_sixteen_per_frame_and_clears_first_flags()
    {
        using var runOptions = new RunOptions();
        using var decoder = new DecoderStream(_model, runOptions, CancellationToken.None);

        var audio = decoder.Decode(new float[12], 3);

        Assert.Equal(48, audio.Length);
        Assert.Equal(48, decoder.State.ReadInt64("decoder_transformer.layers.0.self_attn", "offset"));
        Assert.Equal(48, decoder.State.ReadInt64("decoder_transformer.layers.0.self_attn", "end_offset"));
        Assert.False(decoder.State.Values[0].GetTensorDataAsSpan<bool>()[0]);
    }

    [Fact]
    public async Task Cancelling_after_the_first_block_stops_the_stream()
    {
        using var voice = _model.CreateVoice(TinyBundle.Clip(40));
        using var cancellation = new CancellationTokenSource();
        var received = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in _model.StreamAsync(voice, "Hello world. This is a test!", Deterministic, cancellation.Token))
            {
                received++;
                await cancellation.CancelAsync();
            }
        });
        Assert.Equal(1, received);
    }

    [Fact]
    public async Task A_request_cancelled_before_it_starts_produces_nothing()
    {
        using var voice = _model.CreateVoice(TinyBundle.Clip(40));
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        var received = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in _model.StreamAsync(voice, "Hello world.", Deterministic, cancellation.Token))
            {
                received++;
            }
        });
        Assert.Equal(0, received);
    }

    [Fact]
    public async Task Concurrent_requests_with_one_seed_give_identical_independent_output()
    {
        using var voice = _model.CreateVoice(TinyBundle.Clip(40));
        var seeded = new PocketGenerationOptions { Temperature = 0.7f, Seed = 1234 };

        var runs = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => Collect(voice, "Hello world. This is a test!", seeded))));
        var otherSeed = await Collect(voice, "Hello world. This is a test!", seeded with { Seed = 99 });

        var reference = runs[0].SelectMany(b => b).ToArray();
        Assert.NotEmpty(reference);
        Assert.All(runs, run => Assert.Equal(reference, run.SelectMany(b => b).ToArray()));
        Assert.NotEqual(reference, otherSeed.SelectMany(b => b).ToArray());
        Assert.Equal(4, voice.State.ReadInt64(TinyBundle.Layer0, "step"));
    }

    [Fact]
    public async Task A_voice_from_another_model_is_refused()
    {
        using var other = PocketModel.Load(TinyBundle.Directory);
        using var voice = other.CreateVoice(TinyBundle.Clip(40));

        await Assert.ThrowsAsync<ArgumentException>(() => Collect(voice, "Hello.", Deterministic));
    }

    private async Task<List<float[]>> Collect(PocketVoice voice, string text, PocketGenerationOptions options)
    {
        var blocks = new List<float[]>();
        await foreach (var block in _model.StreamAsync(voice, text, options))
        {
            blocks.Add(block);
        }

        return blocks;
    }
}
