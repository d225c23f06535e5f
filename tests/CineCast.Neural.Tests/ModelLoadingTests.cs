using CineCast.Neural.PocketTts;

namespace CineCast.Neural.Tests;

public sealed class ModelLoadingTests
{
    [Fact]
    public void Int8_precision_uses_the_int8_files_for_the_three_quantised_graphs_only()
    {
        using var model = PocketModel.Load(TinyBundle.Directory, new PocketModelOptions { Precision = PocketPrecision.Int8 });

        Assert.Equal("flow_lm_main_int8.onnx", Path.GetFileName(model.GraphFile(PocketGraph.FlowLmMain)));
        Assert.Equal("flow_lm_flow_int8.onnx", Path.GetFileName(model.GraphFile(PocketGraph.FlowLmFlow)));
        Assert.Equal("mimi_decoder_int8.onnx", Path.GetFileName(model.GraphFile(PocketGraph.MimiDecoder)));
        Assert.Equal("mimi_encoder.onnx", Path.GetFileName(model.GraphFile(PocketGraph.MimiEncoder)));
        Assert.Equal("text_conditioner.onnx", Path.GetFileName(model.GraphFile(PocketGraph.TextConditioner)));
    }

    [Fact]
    public void Float32_precision_uses_the_plain_files_even_when_int8_files_exist()
    {
        using var model = PocketModel.Load(TinyBundle.Directory, new PocketModelOptions { Precision = PocketPrecision.Float32 });

        Assert.Equal("flow_lm_main.onnx", Path.GetFileName(model.GraphFile(PocketGraph.FlowLmMain)));
        Assert.Equal("flow_lm_flow.onnx", Path.GetFileName(model.GraphFile(PocketGraph.FlowLmFlow)));
        Assert.Equal("mimi_decoder.onnx", Path.GetFileName(model.GraphFile(PocketGraph.MimiDecoder)));
    }

    [Fact]
    public void Int8_precision_falls_back_to_the_plain_file_when_an_int8_file_is_absent()
    {
        var folder = TinyBundle.CopyWithout("flow_lm_main_int8.onnx");
        try
        {
            using var model = PocketModel.Load(folder);

            Assert.Equal("flow_lm_main.onnx", Path.GetFileName(model.GraphFile(PocketGraph.FlowLmMain)));
            Assert.Equal("mimi_decoder_int8.onnx", Path.GetFileName(model.GraphFile(PocketGraph.MimiDecoder)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Float32_precision_uses_the_int8_file_of_a_bundle_that_has_only_that()
    {
        var folder = TinyBundle.CopyWithout("flow_lm_flow.onnx");
        try
        {
            using var model = PocketModel.Load(folder, new PocketModelOptions { Precision = PocketPrecision.Float32 });

            Assert.Equal("flow_lm_flow_int8.onnx", Path.GetFileName(model.GraphFile(PocketGraph.FlowLmFlow)));
            Assert.Equal("flow_lm_main.onnx", Path.GetFileName(model.GraphFile(PocketGraph.FlowLmMain)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_graph_missing_in_both_precisions_fails_the_load_with_its_name()
    {
        var folder = TinyBundle.CopyWithout("flow_lm_flow.onnx", "flow_lm_flow_int8.onnx");
        try
        {
            var error = Assert.Throws<FileNotFoundException>(
                () => PocketModel.Load(folder, new PocketModelOptions { Precision = PocketPrecision.Float32 }));
            Assert.Contains("flow_lm_flow.onnx", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Disposing_twice_is_harmless_and_use_after_dispose_throws()
    {
        var model = PocketModel.Load(TinyBundle.Directory);
        model.Dispose();
        model.Dispose();

        Assert.Throws<ObjectDisposedException>(() => model.GraphFile(PocketGraph.FlowLmMain));
        Assert.Throws<ObjectDisposedException>(() => model.CreateVoice(TinyBundle.Clip(32)));
    }

    [Fact]
    public async Task Streaming_after_dispose_throws()
    {
        var model = PocketModel.Load(TinyBundle.Directory);
        var voice = model.CreateVoice(TinyBundle.Clip(32));
        model.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () =>
        {
            await foreach (var _ in model.StreamAsync(voice, "Hello."))
            {
            }
        });
        voice.Dispose();
    }

    [Theory]
    [InlineData("model")]
    [InlineData("voice")]
    public async Task Disposing_the_model_or_a_voice_mid_stream_lets_the_stream_finish_and_refuses_the_next(string disposed)
    {
        var model = PocketModel.Load(TinyBundle.Directory);
        var voice = model.CreateVoice(TinyBundle.Clip(32));
        try
        {
            var options = new PocketGenerationOptions { Temperature = 0 };
            var expected = await Samples(model, voice, options);

            var samples = new List<float>();
            await foreach (var block in model.StreamAsync(voice, "Hello world. This is a test!", options))
            {
                if (samples.Count == 0)
                {
                    (disposed == "model" ? (IDisposable)model : voice).Dispose();
                }

                samples.AddRange(block);
            }

            Assert.Equal(expected, samples);
            await Assert.ThrowsAsync<ObjectDisposedException>(() => Samples(model, voice, options));
        }
        finally
        {
            voice.Dispose();
            model.Dispose();
        }
    }

    private static async Task<List<float>> Samples(PocketModel model, PocketVoice voice, PocketGenerationOptions options)
    {
        var samples = new List<float>();
        await foreach (var block in model.StreamAsync(voice, "Hello world. This is a test!", options))
        {
            samples.AddRange(block);
        }

        return samples;
    }
}

/// <summary>
/// The tiny bundle with tests/assets/pocket-tts-tiny/slow/mimi_encoder.onnx, an encoder made slow on purpose
/// (make_slow_encoder.py): one run takes far longer than any test waits.
/// </summary>
public sealed class CancellationInsideOnnxRuntimeTests
{
    [Fact]
    public void Cancelling_stops_a_run_that_is_inside_onnx_runtime()
    {
        var folder = TinyBundle.CopyWithout("mimi_encoder.onnx");
        File.Copy(Path.Combine(TinyBundle.Directory, "slow", "mimi_encoder.onnx"), Path.Combine(folder, "mimi_encoder.onnx"));
        try
        {
            using var model = PocketModel.Load(folder);
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var clock = System.Diagnostics.Stopwatch.StartNew();

            Assert.ThrowsAny<OperationCanceledException>(() => model.CreateVoice(TinyBundle.Clip(64), cancel.Token));

            // Uncancelled, this run takes minutes; stopping between runs alone would not return before it ends.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"returned after {clock.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
