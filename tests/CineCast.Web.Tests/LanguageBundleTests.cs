using System.Security.Cryptography;

namespace CineCast.Web.Tests;

/// <summary>The language bundles on offer against the real bundle.json files in ../shared/models/pocket-tts/real.</summary>
public sealed class LanguageBundleTests
{
    private static readonly string RealFiles = Path.Combine(Fixtures.RepositoryRootPath, "..", "shared", "models", "pocket-tts", "real");

    [Fact]
    public void Exactly_the_fully_pinned_bundles_are_offered_each_with_the_eight_files_of_its_int8_set()
    {
        var bundles = PocketTtsBundles.All("int8");

        Assert.Equal(["english_2026-04", "italian", "italian_24l", "french_24l"], bundles.Select(b => b.Folder));
        Assert.All(bundles, b => Assert.Equal(
            ["LICENSE", "bos_before_voice.npy", "bundle.json", "flow_lm_flow_int8.onnx", "flow_lm_main_int8.onnx", "mimi_decoder_int8.onnx", "mimi_encoder.onnx", "text_conditioner.onnx", "tokenizer.model"],
            b.Files.Select(f => f.Name).Order(StringComparer.Ordinal)));
    }

    [Theory]
    [InlineData("english_2026-04")]
    [InlineData("italian")]
    [InlineData("italian_24l")]
    [InlineData("french_24l")]
    public void Each_bundle_pins_its_real_bundle_json_byte_for_byte(string folder)
    {
        var pin = PocketTtsBundles.Named(folder, "int8")!.Files.Single(f => f.Name == "bundle.json");
        var real = File.ReadAllBytes(Path.Combine(RealFiles, "bundles", folder, "bundle.json"));

        Assert.Equal(pin.Bytes, real.Length);
        Assert.Equal(pin.Sha256, Convert.ToHexStringLower(SHA256.HashData(real)));
    }

    [Fact]
    public void The_english_bundle_pins_the_real_tokenizer()
    {
        var pin = PocketTtsBundles.Quantized.Files.Single(f => f.Name == "tokenizer.model");
        var real = File.ReadAllBytes(Path.Combine(RealFiles, "tokenizer.model"));

        Assert.Equal((pin.Bytes, pin.Sha256), (real.Length, Convert.ToHexStringLower(SHA256.HashData(real))));
    }
}
