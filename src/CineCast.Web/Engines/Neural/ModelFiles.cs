namespace CineCast.Web.Engines.Neural;

/// <summary>One file of a model bundle, pinned by size and SHA-256 (lower-case hex).</summary>
public sealed record ModelFile(string Name, long Bytes, string Sha256, string? RemotePath = null)
{
    /// <summary>Where the file sits under the base URL (the licence sits one folder up from the bundle).</summary>
    public string Remote => RemotePath ?? Name;
}

/// <summary>A model bundle: the folder it installs into and the files it needs.</summary>
public sealed record ModelBundle(string Id, string Folder, IReadOnlyList<ModelFile> Files)
{
    public long TotalBytes => Files.Sum(f => f.Bytes);
}

/// <summary>
/// Kyutai Pocket TTS, KevinAHM's ONNX export, bundle english_2026-04 at revision 58a6d00 (sizes and hashes from
/// shared/models/pocket-tts/MODEL-FILES.md). Encoder and text conditioner are fp32 in both variants.
/// </summary>
public static class PocketTtsBundles
{
    public const string Id = "pocket-tts";
    public const string Revision = "58a6d00cf13d239b6748cb0769f35c580a8f606c";
    public const string DefaultBaseUrl = $"https://huggingface.co/KevinAHM/pocket-tts-onnx/resolve/{Revision}/onnx/english_2026-04/";

    private static readonly ModelFile[] Common =
    [
        new("bundle.json", 24_381, "bab643150f437f37df080a710520ff39ed9ebd9a339f8ebdc739f7eddfc28b3f"),
        new("bos_before_voice.npy", 4_224, "f46edf4f7007b7ba4ea58831f49d003e59e167b4641c44bb3addfe9231a780b1"),
        new("tokenizer.model", 59_339, "d461765ae179566678c93091c5fa6f2984c31bbe990bf1aa62d92c64d91bc3f6"),
        new("mimi_encoder.onnx", 39_768_446, "853e2ca623b8782d94c3745ec6133bfdff7ce33d9b11128bd29ea03f28d76e3d"),
        new("text_conditioner.onnx", 16_388_344, "4ecee995fb69f85c7a7493d11f7b5ee15d9950facc7ab3f5c9c49ef1e03847bb"),
        new("LICENSE", 18_655, "fe7b4ce83b8381cc5b216bbb4af73c570688d1b819c73bbaed8ca401f4677cd6", "../LICENSE"),
    ];

    public static ModelBundle Quantized { get; } = new(Id, "english_2026-04",
    [
        .. Common,
        new("flow_lm_main_int8.onnx", 76_341_079, "f9bd8106b79a0192c1c43399ab938fb24900a95c1c599870d75a884e99000116"),
        new("flow_lm_flow_int8.onnx", 9_962_530, "3dd781ee5abee9e195320bf0106bebd6372a852b3b36352524ee78b40554635d"),
        new("mimi_decoder_int8.onnx", 22_684_077, "3630450a3297a101792a6ac66619ebc70ab916b265e6220c2afaef8b1673f925"),
    ]);

    public static ModelBundle FullPrecision { get; } = new(Id, "english_2026-04",
    [
        .. Common,
        new("flow_lm_main.onnx", 302_742_149, "6d18315e2c33ca3e3aa4a4e3dca22f56d007fd823127e24948b37695bf54190f"),
        new("flow_lm_flow.onnx", 39_097_095, "085d239f68897e28fb06e95c743738ad8b8c092ee6dc55f5491313e81ff08062"),
        new("mimi_decoder.onnx", 41_471_926, "86f038caa02a96a0ff9c25526a0ff43a4906c418197ed72d3e30f720ac7ce802"),
    ]);

    /// <summary>"int8" (the reference runtime's default) or "fp32".</summary>
    public static ModelBundle For(string precision) => precision == "fp32" ? FullPrecision : Quantized;

    public const string Attribution =
        "Pocket TTS by Kyutai (https://huggingface.co/kyutai/pocket-tts), CC BY 4.0. ONNX conversion: KevinAHM/pocket-tts-onnx, " +
        "revision " + Revision + ", bundle english_2026-04 (converted and INT8-quantized; not the original weights).";

    public const string UseRestrictions =
        "Kyutai's use conditions: no voice impersonation or cloning without explicit and lawful consent; no misinformation, " +
        "deception or fraud (including presenting generated audio as genuine recordings of real people or events); no unlawful, " +
        "harmful, libelous, abusive, harassing, discriminatory, hateful or privacy-invasive content.";
}
