using System.Security.Cryptography;
using System.Text.Json;
using CineCast.Neural.PocketTts;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace CineCast.Neural.Tests;

public sealed class BundleAndStateTests
{
    [Theory]
    [InlineData("english_2026-04", 18, false, null)]
    [InlineData("italian", 18, false, null)]
    [InlineData("german", 18, true, null)]
    [InlineData("portuguese", 18, false, null)]
    [InlineData("spanish", 18, false, null)]
    [InlineData("french_24l", 72, true, 8)]
    [InlineData("italian_24l", 72, false, null)]
    public void Every_real_bundle_json_parses_with_its_published_parameters(string name, int flowStates, bool removeSemicolons, int? framesAfterEos)
    {
        var bundle = PocketBundle.Load(RealFiles.BundleFolder(name));

        Assert.Equal(name, bundle.BundleName);
        Assert.Equal(flowStates, bundle.FlowLmStates.Count);
        Assert.Equal(56, bundle.MimiStates.Count);
        Assert.Equal(removeSemicolons, bundle.RemoveSemicolons);
        Assert.Equal(framesAfterEos, bundle.ModelRecommendedFramesAfterEos);
        Assert.Equal((24000, 1920, 32, 1024, 50), (bundle.SampleRate, bundle.SamplesPerFrame, bundle.LatentDim, bundle.ConditioningDim, bundle.MaxTokenPerChunk));
        Assert.Equal("tokenizer.model", bundle.TokenizerFile);
        Assert.True(bundle.InsertBosBeforeVoice);
        Assert.All(bundle.FlowLmStates.Entries.Where(e => e.Key == "cache"), e => Assert.Equal([2L, 1, 1000, 16, 64], e.Shape));
        // The cache bounds derived from it: a 20 s voice prompt at most, chunks of at most 145 tokens.
        Assert.Equal((1000, 250, 145), (bundle.FlowCachePositions, bundle.MaxVoicePositions, bundle.MaxChunkTokensThatFit));
    }

    [Fact]
    public void The_shared_folder_holds_exactly_the_seven_pinned_bundles()
    {
        Assert.Equal(["english_2026-04", "french_24l", "german", "italian", "italian_24l", "portuguese", "spanish"], RealFiles.Bundles);
    }

    [Fact]
    public void Bundle_json_gives_the_sizes_and_both_state_manifests()
    {
        var bundle = PocketBundle.Load(TinyBundle.Directory);

        Assert.Equal(4, bundle.LatentDim);
        Assert.Equal(8, bundle.ConditioningDim);
        Assert.Equal(16, bundle.SamplesPerFrame);
        Assert.Equal(8, bundle.MaxTokenPerChunk);
        Assert.Equal(12.5, bundle.FrameRate);
        Assert.True(bundle.InsertBosBeforeVoice);
        Assert.Null(bundle.ModelRecommendedFramesAfterEos);
        Assert.Equal(6, bundle.FlowLmStates.Count);
        Assert.Equal(6, bundle.MimiStates.Count);
        Assert.Equal([0, 1, 2, 3, 4, 5], bundle.MimiStates.Entries.Select(e => e.Index));
        var cache = bundle.FlowLmStates.Find(TinyBundle.Layer1, "cache");
        Assert.Equal(3, cache.Index);
        Assert.Equal("state_3", cache.InputName);
        Assert.Equal("out_state_3", cache.OutputName);
        Assert.Equal([2L, 1, 32, 2, 2], cache.Shape);
        Assert.Equal(StateFill.Nan, cache.Fill);
    }

    [Fact]
    public void Bundle_json_with_an_unknown_fill_is_refused()
    {
        var json = File.ReadAllText(Path.Combine(TinyBundle.Directory, "bundle.json")).Replace("\"nan\"", "\"random\"", StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);

        var error = Assert.Throws<InvalidDataException>(() => PocketBundle.Parse(document.RootElement, TinyBundle.Directory));
        Assert.Contains("random", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flow_states_start_as_the_manifest_says()
    {
        var bundle = PocketBundle.Load(TinyBundle.Directory);
        using var state = PocketState.CreateInitial(bundle.FlowLmStates);

        var cache = state.Values[0];
        Assert.Equal(TensorElementType.Float, cache.GetTensorTypeAndShape().ElementDataType);
        Assert.Equal([2L, 1, 32, 2, 2], cache.GetTensorTypeAndShape().Shape);
        Assert.All(cache.GetTensorDataAsSpan<float>().ToArray(), v => Assert.True(float.IsNaN(v)));
        var currentEnd = state.Values[1].GetTensorTypeAndShape();
        Assert.Equal([0L], currentEnd.Shape);
        Assert.Equal(0, currentEnd.ElementCount);
        Assert.Equal(TensorElementType.Int64, state.Values[2].GetTensorTypeAndShape().ElementDataType);
        Assert.Equal(0, state.ReadInt64(TinyBundle.Layer0, "step"));
    }

    [Fact]
    public void Decoder_states_cover_bool_ones_empty_zeros_and_counters()
    {
        var bundle = PocketBundle.Load(TinyBundle.Directory);
        using var state = PocketState.CreateInitial(bundle.MimiStates);

        Assert.Equal(TensorElementType.Bool, state.Values[0].GetTensorTypeAndShape().ElementDataType);
        Assert.True(state.Values[0].GetTensorDataAsSpan<bool>()[0]);
        Assert.Equal([1L, 3, 0], state.Values[1].GetTensorTypeAndShape().Shape);
        Assert.Equal(0, state.Values[1].GetTensorTypeAndShape().ElementCount);
        Assert.All(state.Values[2].GetTensorDataAsSpan<float>().ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal([2L, 1, 2, 8, 2], state.Values[3].GetTensorTypeAndShape().Shape);
        Assert.Equal(0, state.Values[4].GetTensorDataAsSpan<long>()[0]);
        Assert.Equal(0, state.Values[5].GetTensorDataAsSpan<long>()[0]);
    }

    [Fact]
    public void Bos_before_voice_npy_is_read_from_its_header()
    {
        var (data, shape) = NpyFloatArray.Read(Path.Combine(TinyBundle.Directory, "bos_before_voice.npy"));

        Assert.Equal([1L, 1, 8], shape);
        Assert.All(data, v => Assert.Equal(-1f, v));
    }

    [Fact]
    public void File_table_matches_the_generated_files_and_the_wrong_hash_copy_differs_only_in_hash()
    {
        using var table = JsonDocument.Parse(File.ReadAllText(Path.Combine(TinyBundle.Directory, "MODEL-FILES.tiny.json")));
        var files = table.RootElement.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(11, files.Count);
        foreach (var file in files)
        {
            var path = Path.Combine(TinyBundle.Directory, file.GetProperty("file").GetString()!);
            Assert.Equal(file.GetProperty("bytes").GetInt64(), new FileInfo(path).Length);
            Assert.Equal(file.GetProperty("sha256").GetString(), Sha256(path));
        }

        var conditioner = files.Single(f => f.GetProperty("file").GetString() == "text_conditioner.onnx");
        var wrong = Path.Combine(TinyBundle.Directory, "wrong-hash", "text_conditioner.onnx");
        Assert.Equal(conditioner.GetProperty("bytes").GetInt64(), new FileInfo(wrong).Length);
        Assert.NotEqual(conditioner.GetProperty("sha256").GetString(), Sha256(wrong));
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
