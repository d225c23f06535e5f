namespace CineCast.Neural.PocketTts;

/// <summary>Which files serve the backbone, flow net and decoder (§0). The encoder and text conditioner are always fp32.</summary>
#pragma warning disable CA1720 // The members are named after the bundle's file variants on purpose.
public enum PocketPrecision
{
    /// <summary>Use <c>&lt;stem&gt;_int8.onnx</c> where present, else the fp32 file.</summary>
    Int8,
    Float32,
}
#pragma warning restore CA1720

/// <summary>The five graphs of a bundle.</summary>
public enum PocketGraph
{
    TextConditioner,
    MimiEncoder,
    FlowLmMain,
    FlowLmFlow,
    MimiDecoder,
}

public sealed record PocketModelOptions
{
    public PocketPrecision Precision { get; init; } = PocketPrecision.Int8;

    /// <summary>Intra-op threads per session; null means min(processor count, 4) as the reference runtime does.</summary>
    public int? IntraOpThreads { get; init; }
}

public sealed record PocketGenerationOptions
{
    /// <summary>Kyutai's default temperature.</summary>
    public const float DefaultTemperature = 0.7f;

    /// <summary>Noise variance of the flow sampler; 0 makes generation deterministic.</summary>
    public float Temperature { get; init; } = DefaultTemperature;

    /// <summary>Seed of the noise; null draws a fresh seed per request.</summary>
    public int? Seed { get; init; }

    /// <summary>Frames kept after the EOS frame; null means the bundle's value, else the word-count guess + 2.</summary>
    public int? FramesAfterEos { get; init; }

    /// <summary>Euler steps of the flow net per latent (lsd_decode_steps).</summary>
    public int FlowSteps { get; init; } = 1;

    /// <summary>Latents decoded in the first call of each chunk (small for an early first block).</summary>
    public int FirstDecodeFrames { get; init; } = 2;

    /// <summary>Latents decoded per call after the first.</summary>
    public int DecodeFrames { get; init; } = 4;

    /// <summary>The EOS head fires when its logit is strictly above this.</summary>
    public float EosThreshold { get; init; } = -4.0f;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Temperature);
        ArgumentOutOfRangeException.ThrowIfLessThan(FlowSteps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(FirstDecodeFrames, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(DecodeFrames, 1);
        if (FramesAfterEos is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(FramesAfterEos), "Frames after EOS cannot be negative.");
        }
    }
}
