using System.Security.Cryptography;
using CineCast.Audio.Watermarking;
using CineCast.Web.Hosting;
using CineCast.Web.Synthesis;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Provenance;

/// <summary>The server's watermark: embedding in every output's last stage, and reading it back.</summary>
public interface IWatermarker
{
    /// <summary>Whether outputs are marked; an administrator may turn it off (<see cref="ProvenanceOptions.Watermark"/>).</summary>
    bool Enabled { get; }

    /// <summary>The stage that marks one output with its mark number.</summary>
    IAudioStage EmbedderFor(uint mark);

    /// <summary>The marks found in 24 kHz mono audio.</summary>
    WatermarkReading Read(ReadOnlySpan<float> samples);
}

/// <summary>
/// The mark of <see cref="WatermarkEmbedder"/> under this server's own key (32 random bytes in the keys folder,
/// made on first use), so only this server can read or forge its marks, and instances sharing the folder agree.
/// </summary>
public sealed class Watermarking(AppLocations locations, IOptions<ProvenanceOptions> options) : IWatermarker
{
    public const string FileName = "watermark.key";

    /// <summary>The mark's name in a signed statement's <c>watermark</c> claim.</summary>
    public const string Scheme = "cinecast-wm1";

    private readonly WatermarkPattern pattern = new(SecretFile.ReadOrCreate(
        Path.Combine(locations.KeysDirectory, FileName), () => RandomNumberGenerator.GetBytes(WatermarkPattern.KeyLength)));

    public bool Enabled => options.Value.Watermark;

    public IAudioStage EmbedderFor(uint mark) => new Stage(new WatermarkEmbedder(pattern, mark));

    public WatermarkReading Read(ReadOnlySpan<float> samples) => new WatermarkDetector(pattern).Read(samples);

    private sealed class Stage(WatermarkEmbedder embedder) : IAudioStage
    {
        public double LengthRatio => 1;

        public ReadOnlyMemory<float> Process(ReadOnlySpan<float> block) => embedder.Process(block);

        public ReadOnlyMemory<float> Flush() => embedder.Flush();
    }
}
