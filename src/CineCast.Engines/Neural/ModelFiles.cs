namespace CineCast.Engines.Neural;

/// <summary>One file of a model bundle, pinned by size and SHA-256 (lower-case hex).</summary>
public sealed record ModelFile(string Name, long Bytes, string Sha256, string? RemotePath = null)
{
    /// <summary>Where the file sits under the base URL (the licence sits one folder up from the bundle).</summary>
    public string Remote => RemotePath ?? Name;
}

/// <summary>A model bundle: the folder it installs into and the files it needs.</summary>
public sealed record ModelBundle(string Id, string Folder, IReadOnlyList<ModelFile> Files)
{
    /// <summary>The language the bundle speaks (ISO 639-1); English unless said otherwise.</summary>
    public string Language { get; init; } = "en";

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
    /// <summary>The English bundle's folder; the other bundles are its siblings (<c>../italian/</c>, …) at any mirror.</summary>
    public const string DefaultBaseUrl = $"https://huggingface.co/KevinAHM/pocket-tts-onnx/resolve/{Revision}/onnx/english_2026-04/";

    private static readonly ModelFile License = new("LICENSE", 18_655, "fe7b4ce83b8381cc5b216bbb4af73c570688d1b819c73bbaed8ca401f4677cd6", "../LICENSE");

    private static readonly ModelFile[] Common =
    [
        new("bundle.json", 24_381, "bab643150f437f37df080a710520ff39ed9ebd9a339f8ebdc739f7eddfc28b3f"),
        new("bos_before_voice.npy", 4_224, "f46edf4f7007b7ba4ea58831f49d003e59e167b4641c44bb3addfe9231a780b1"),
        new("tokenizer.model", 59_339, "d461765ae179566678c93091c5fa6f2984c31bbe990bf1aa62d92c64d91bc3f6"),
        new("mimi_encoder.onnx", 39_768_446, "853e2ca623b8782d94c3745ec6133bfdff7ce33d9b11128bd29ea03f28d76e3d"),
        new("text_conditioner.onnx", 16_388_344, "4ecee995fb69f85c7a7493d11f7b5ee15d9950facc7ab3f5c9c49ef1e03847bb"),
        License,
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

    // The other language bundles of the same export whose eight int8-set files are all pinned
    // (shared/models/pocket-tts/LANGUAGE-BUNDLES.md); portuguese, german and spanish are not, so they are not offered.
    private static readonly ModelFile[] ItalianTokenizerAndShared =
    [
        new("tokenizer.model", 60_078, "6583b974a11b90e14d8a4c8e9c43f06c3861b9ede6e5023a4c27ab5a3a7d4c39"),
        new("flow_lm_flow_int8.onnx", 9_962_530, "21b2bec2f9ae4323fc545a0c7ffb274bdfa925a699fd304ed03aba53e4ca9129"),
        new("mimi_decoder_int8.onnx", 22_684_077, "f120bc5cddca9514c511f128786f5d9e6e6893b067faae5e30f5b2bd5643aa03"),
    ];

    public static ModelBundle Italian { get; } = new(Id, "italian",
    [
        new("bundle.json", 24_365, "c779c25fd836c9b85a3fc570474774777176757bd6bec0b5bffbbe599644a9f9"),
        new("bos_before_voice.npy", 4_224, "212357ca66b450e7dc2ae6cb11f1efd08b49c59e25196a6979c37962fef6cd82"),
        new("mimi_encoder.onnx", 39_768_446, "8936e1f95baedb898941fc7a259d7ab8c031aeaf6d3746ecac3cf7b280a9adda"),
        new("text_conditioner.onnx", 16_388_344, "692369f5ac340006fa44252155da77fe6c8a60a859848297777e0caea534068e"),
        new("flow_lm_main_int8.onnx", 76_341_079, "f43ce4d823471095a7bd6d9dcfcceb46145ea96b0f2b85b7d668f15816965055"),
        .. ItalianTokenizerAndShared,
        License,
    ]) { Language = "it" };

    public static ModelBundle Italian24 { get; } = new(Id, "italian_24l",
    [
        new("bundle.json", 42_241, "4b7fd6f191cd1f48a8459833a390a1e2ad59bc284fa11e518bcdb64f36fb95d1"),
        new("bos_before_voice.npy", 4_224, "deced13188657a3543766500639e33271fd368b0f324bded9f9e615d42a23407"),
        new("mimi_encoder.onnx", 39_768_446, "1f436e797ffd8147a1435aae3cf5fc5f17a3fa0bfd7b47438143a2682ba91208"),
        new("text_conditioner.onnx", 16_388_344, "00ff8327e832c8e46a4562cef886b53977c76c1e09bb4448c4a879689bced83d"),
        new("flow_lm_main_int8.onnx", 305_144_125, "8c7b0dc076e6bed28d88fa7ca20e74e63418e9e7ad21b86d2558e48211c811d4"),
        .. ItalianTokenizerAndShared,
        License,
    ]) { Language = "it" };

    public static ModelBundle French24 { get; } = new(Id, "french_24l",
    [
        new("bundle.json", 42_235, "8a5fe6c59985e3ccb5a6ccb1ffb2e84ac08488c5bfa704053618851436741427"),
        new("bos_before_voice.npy", 4_224, "5759269802d691d49481b8e06d6a5649da85ea01135e270bd7641e3b091c7237"),
        new("tokenizer.model", 60_173, "521c85bdb2da10618f4be52021ed1cb2a7a6299b040708487f133193f7b305e2"),
        new("mimi_encoder.onnx", 39_768_446, "790a82fb8041e1035ec8097c6a277c834664a1f6619397d62f3bb46f71d2bfd4"),
        new("text_conditioner.onnx", 16_388_344, "89d1b6ac55e618e42d2bd840438ce918bffb14960475ef091847ca39be641e65"),
        new("flow_lm_main_int8.onnx", 305_144_125, "6130a6b98fae175147d82752263e250fb7b8483c1ef5373753ad335c16f4a129"),
        new("flow_lm_flow_int8.onnx", 9_962_530, "d340c549d5a1e0e7b88a0fb26fcae53c3b76486872f4418398a395bb1bc88701"),
        new("mimi_decoder_int8.onnx", 22_684_077, "b329ff3de3aa95455d2dee1cf371943dec269dd8711008017501ca129cb18d8c"),
        License,
    ]) { Language = "fr" };

    /// <summary>Every bundle on offer for <paramref name="precision"/>: English first, then each language's bundles, lightest first.</summary>
    public static IReadOnlyList<ModelBundle> All(string precision) => [For(precision), Italian, Italian24, French24];

    /// <summary>The bundle called <paramref name="folder"/> (english_2026-04, italian, …), or null.</summary>
    public static ModelBundle? Named(string folder, string precision) => All(precision).FirstOrDefault(b => b.Folder == folder);

    /// <summary>"int8" (the reference runtime's default) or "fp32".</summary>
    public static ModelBundle For(string precision) => precision == "fp32" ? FullPrecision : Quantized;

    public const string Attribution =
        "Pocket TTS by Kyutai (https://huggingface.co/kyutai/pocket-tts), CC BY 4.0. ONNX conversion: KevinAHM/pocket-tts-onnx, " +
        "revision " + Revision + ", bundles english_2026-04, italian, italian_24l, french_24l (converted and INT8-quantized; not the original weights).";

    public const string UseRestrictions =
        "Kyutai's use conditions: no voice impersonation or cloning without explicit and lawful consent; no misinformation, " +
        "deception or fraud (including presenting generated audio as genuine recordings of real people or events); no unlawful, " +
        "harmful, libelous, abusive, harassing, discriminatory, hateful or privacy-invasive content.";
}
