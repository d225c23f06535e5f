using System.Buffers.Binary;
using System.Text;
using CineCast.Audio.Tests.Support;

namespace CineCast.Audio.Tests;

public sealed class AudioDecoderTests
{
    private const double ClipSeconds = 5.26;

    public static TheoryData<string, bool, AudioContainer, int, int> SpeechFixtures => new()
    {
        { "en_ls1363_1363-135842-0000.wav", true, AudioContainer.Wav, 24000, 1 },
        { "en_ls6880_6880-216547-0000.wav", true, AudioContainer.Wav, 24000, 1 },
        { "sample-48k.wav", true, AudioContainer.Wav, 48000, 1 },
        { "sample-48k.webm", true, AudioContainer.WebM, 48000, 1 },
        { "sample-44k-stereo.mp3", false, AudioContainer.Mp3, 44100, 2 },
        { "sample-48k.opus.ogg", false, AudioContainer.Ogg, 48000, 1 },
    };

    [Theory]
    [MemberData(nameof(SpeechFixtures))]
    public void Every_speech_fixture_is_sniffed_and_decoded_at_its_own_rate_and_channel_count(string file, bool shared, AudioContainer container, int sampleRate, int channels)
    {
        var bytes = shared ? Fixtures.SharedBytes(file) : Fixtures.LocalBytes(file);

        var audio = Fixtures.Decode(bytes);

        Assert.Equal(container, AudioDecoder.Sniff(bytes.AsSpan(0, AudioDecoder.SniffLength)));
        Assert.Equal(sampleRate, audio.SampleRate);
        Assert.Equal(channels, audio.Channels);
        Assert.InRange(Signals.PeakDb(audio.Samples), -12, 0);
    }

    [Theory]
    [InlineData("sample-48k.webm", true)]
    [InlineData("sample-48k.wav", true)]
    [InlineData("sample-48k.opus.ogg", false)]
    public void Audio_holding_more_samples_than_the_budget_is_refused_whatever_its_duration(string file, bool shared)
    {
        var bytes = shared ? Fixtures.SharedBytes(file) : Fixtures.LocalBytes(file);

        var rejection = Assert.Throws<AudioRejectedException>(() => AudioDecoder.Decode(new MemoryStream(bytes), new DecodeLimits(180, MaxSamples: 48000)));

        Assert.Equal(AudioProblem.TooLong, rejection.Problem);
        Assert.Contains("more audio data", rejection.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sample-48k.webm", true)]
    [InlineData("sample-44k-stereo.mp3", false)]
    [InlineData("sample-48k.opus.ogg", false)]
    public void Compressed_versions_of_the_clip_last_as_long_as_the_original_because_padding_is_removed(string file, bool shared)
    {
        var audio = Fixtures.Decode(shared ? Fixtures.SharedBytes(file) : Fixtures.LocalBytes(file));

        // Pre-skip, encoder delay and final padding together exceed 40 ms, so they must all be dropped.
        Assert.Equal(ClipSeconds, audio.DurationSeconds, 0.01);
    }

    [Theory]
    [InlineData("sample-48k.webm", true)]
    [InlineData("sample-44k-stereo.mp3", false)]
    [InlineData("sample-48k.opus.ogg", false)]
    public void Compressed_versions_start_in_step_with_the_original(string file, bool shared)
    {
        var original = Fixtures.Decode(Fixtures.SharedBytes("sample-48k.wav"));
        var compressed = Fixtures.Decode(shared ? Fixtures.SharedBytes(file) : Fixtures.LocalBytes(file));
        var mono = compressed.Channels == 1 ? compressed.Samples : compressed.Samples.Where((_, i) => i % compressed.Channels == 0).ToArray();
        var aligned = Resampler.Resample(mono, compressed.SampleRate, original.SampleRate);

        var lag = BestLag(original.Samples, aligned, maxLag: 480);

        Assert.InRange(lag, -24, 24); // within 0.5 ms
    }

    [Theory]
    [InlineData(8, false, 1.0 / 128)]
    [InlineData(16, false, 1.0 / 32768)]
    [InlineData(24, false, 1.0 / 8388608)]
    [InlineData(32, false, 1e-7)]
    [InlineData(32, true, 0)]
    [InlineData(64, true, 1e-7)]
    public void Wav_samples_of_every_supported_width_decode_to_their_values(int bits, bool isFloat, double tolerance)
    {
        var expected = Signals.Sine(440, 24000, 0.1, amplitude: 0.8);

        var audio = Fixtures.Decode(WavBytes.Encode(expected, 1, 24000, bits, isFloat));

        Assert.Equal(expected.Length, audio.FrameCount);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], audio.Samples[i], tolerance + 1e-7);
        }
    }

    [Fact]
    public void Stereo_wav_keeps_its_channels_apart()
    {
        var left = Signals.Sine(300, 44100, 0.2);
        var right = left.Select(sample => -sample / 2).ToArray();

        var audio = Fixtures.Decode(WavBytes.Encode(Signals.Interleave(left, right), 2, 44100, 16));

        Assert.Equal((2, 44100, left.Length), (audio.Channels, audio.SampleRate, audio.FrameCount));
        Assert.Equal(left[100], audio.Samples[200], 1e-4);
        Assert.Equal(right[100], audio.Samples[201], 1e-4);
    }

    [Fact]
    public void Six_channel_extensible_wav_with_20_valid_bits_in_24_decodes_every_channel()
    {
        var channels = Enumerable.Range(0, 6).Select(c => Enumerable.Repeat((c - 2.5f) / 4, 480).ToArray()).ToArray();

        var audio = Fixtures.Decode(WavBytes.Encode(Signals.Interleave(channels), 6, 48000, 24, extensibleValidBits: 20));

        Assert.Equal(6, audio.Channels);
        Assert.Equal(480, audio.FrameCount);
        for (var c = 0; c < 6; c++)
        {
            Assert.Equal(channels[c][0], audio.Samples[(10 * 6) + c], 1e-6);
        }
    }

    [Theory]
    [InlineData(8000)]
    [InlineData(96000)]
    [InlineData(384000)]
    public void Wav_at_any_rate_in_range_keeps_its_rate_and_duration(int sampleRate)
    {
        var audio = Fixtures.Decode(WavBytes.Pcm16(Signals.Sine(1000, sampleRate, 0.5), sampleRate));

        Assert.Equal(sampleRate, audio.SampleRate);
        Assert.Equal(0.5, audio.DurationSeconds, 1e-9);
    }

    [Theory]
    [InlineData(uint.MaxValue, uint.MaxValue)]
    [InlineData(0x7FFFF000u, 0x7FFFF024u)]
    public void Streaming_wav_with_placeholder_sizes_is_read_to_the_end_of_the_file(uint dataSize, uint riffSize)
    {
        var samples = Signals.Sine(500, 16000, 0.25);
        var data = WavBytes.Pcm16(samples, 16000).AsSpan(44).ToArray();

        var audio = Fixtures.Decode(WavBytes.Build(new WavHeader { SampleRate = 16000, DataSize = dataSize, RiffSize = riffSize }, data));

        Assert.Equal(samples.Length, audio.FrameCount);
    }

    [Fact]
    public void Rf64_wav_takes_its_data_size_from_the_ds64_chunk()
    {
        var wav = WavBytes.Pcm16(Signals.Sine(500, 16000, 0.25), 16000);
        var ds64 = new byte[28];
        BinaryPrimitives.WriteInt64LittleEndian(ds64.AsSpan(8), wav.Length - 44);
        var rf64 = new MemoryStream();
        rf64.Write("RF64"u8);
        rf64.Write([0xFF, 0xFF, 0xFF, 0xFF]);
        rf64.Write("WAVEds64"u8);
        rf64.Write([28, 0, 0, 0]);
        rf64.Write(ds64);
        rf64.Write(wav.AsSpan(12, 24)); // fmt chunk
        rf64.Write("data"u8);
        rf64.Write([0xFF, 0xFF, 0xFF, 0xFF]);
        rf64.Write(wav.AsSpan(44));

        var audio = Fixtures.Decode(rf64.ToArray());

        Assert.Equal(4000, audio.FrameCount);
    }

    public static TheoryData<string, AudioProblem> BadInputs => new()
    {
        { "empty", AudioProblem.Empty },
        { "random bytes", AudioProblem.NotAudio },
        { "text file", AudioProblem.NotAudio },
        { "PNG header", AudioProblem.NotAudio },
        { "RIFF AVI", AudioProblem.NotAudio },
        { "WAV cut inside its header", AudioProblem.Truncated },
        { "WAV cut inside its data", AudioProblem.Truncated },
        { "WAV with a data chunk of 2^31 bytes", AudioProblem.Truncated },
        { "WAV without a data chunk", AudioProblem.Truncated },
        { "WAV with an empty data chunk", AudioProblem.Empty },
        { "WAV data ending mid-frame", AudioProblem.Truncated },
        { "WAV with a chunk larger than the file", AudioProblem.InvalidHeader },
        { "WAV block align mismatch", AudioProblem.InvalidHeader },
        { "WAV byte rate mismatch", AudioProblem.InvalidHeader },
        { "WAV 12-bit PCM", AudioProblem.UnsupportedBitDepth },
        { "WAV 16-bit float", AudioProblem.UnsupportedBitDepth },
        { "WAV ADPCM", AudioProblem.UnsupportedFormat },
        { "WAV mu-law", AudioProblem.UnsupportedFormat },
        { "WAV 0 Hz", AudioProblem.InvalidSampleRate },
        { "WAV 1 MHz", AudioProblem.InvalidSampleRate },
        { "WAV 0 channels", AudioProblem.InvalidChannelCount },
        { "WAV 100 channels", AudioProblem.InvalidChannelCount },
        { "WAV NaN floats", AudioProblem.NonFiniteSamples },
        { "WAV infinite doubles", AudioProblem.NonFiniteSamples },
        { "WebM cut in the middle", AudioProblem.Truncated },
        { "WebM with a Vorbis track", AudioProblem.UnsupportedFormat },
        { "Ogg cut in the middle", AudioProblem.Truncated },
        { "Ogg with a damaged byte", AudioProblem.InvalidHeader },
        { "Ogg Vorbis head", AudioProblem.UnsupportedFormat },
        { "Ogg FLAC head", AudioProblem.UnsupportedFormat },
        { "MP3-looking garbage", AudioProblem.NotAudio },
        { "ID3 tag then garbage", AudioProblem.NotAudio },
        { "FLAC", AudioProblem.UnsupportedFormat },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_is_rejected_with_a_reason(string input, AudioProblem expected)
    {
        var rejection = Assert.Throws<AudioRejectedException>(() => Fixtures.Decode(BuildBadInput(input)));

        Assert.Equal(expected, rejection.Problem);
        Assert.EndsWith(".", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wav_header_claiming_hours_is_refused_as_too_long_before_reading_it()
    {
        var header = new WavHeader { SampleRate = 48000, Channels = 2, DataSize = 2_000_000_000 };
        var file = WavBytes.Build(header, new byte[1000]);
        Array.Resize(ref file, file.Length + 1_000_000);
        using var stream = new LengthLyingStream(file, claimedLength: 2_100_000_000);

        var rejection = Assert.Throws<AudioRejectedException>(() => AudioDecoder.Decode(stream, new DecodeLimits(180)));

        Assert.Equal(AudioProblem.TooLong, rejection.Problem);
        Assert.Contains("180", rejection.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sample-48k.webm", true)]
    [InlineData("sample-44k-stereo.mp3", false)]
    [InlineData("sample-48k.opus.ogg", false)]
    [InlineData("sample-48k.wav", true)]
    public void Audio_longer_than_the_limit_is_refused_while_decoding(string file, bool shared)
    {
        var bytes = shared ? Fixtures.SharedBytes(file) : Fixtures.LocalBytes(file);

        var rejection = Assert.Throws<AudioRejectedException>(() => Fixtures.Decode(bytes, maxSeconds: 2));

        Assert.Equal(AudioProblem.TooLong, rejection.Problem);
    }

    [Theory]
    [InlineData("sample-48k.wav", true)]
    [InlineData("sample-48k.webm", true)]
    [InlineData("sample-44k-stereo.mp3", false)]
    [InlineData("sample-48k.opus.ogg", false)]
    public void Damaged_files_fail_only_with_a_rejection(string file, bool shared)
    {
        var original = shared ? Fixtures.SharedBytes(file) : Fixtures.LocalBytes(file);
        var random = new Random(file.Length);
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var damaged = original[..random.Next(1, original.Length)];
            for (var flips = random.Next(0, 20); flips > 0; flips--)
            {
                damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            }

            var exception = Record.Exception(() => Fixtures.Decode(damaged));

            Assert.True(exception is null or AudioRejectedException, $"Attempt {attempt} threw {exception}");
        }
    }

    [Fact]
    public void Sniffing_needs_two_chained_frames_to_call_headerless_bytes_mp3()
    {
        var mp3 = Fixtures.LocalBytes("sample-44k-stereo.mp3");
        var id3Length = 10 + ((mp3[6] << 21) | (mp3[7] << 14) | (mp3[8] << 7) | mp3[9]);
        var withoutTag = mp3[id3Length..];
        var lonelyFrameHeader = withoutTag[..4].Concat(new byte[2000]).ToArray();

        Assert.Equal(AudioContainer.Mp3, AudioDecoder.Sniff(mp3.AsSpan(0, 64)));
        Assert.Equal(AudioContainer.Mp3, AudioDecoder.Sniff(withoutTag.AsSpan(0, AudioDecoder.SniffLength)));
        Assert.Equal(AudioContainer.Unknown, AudioDecoder.Sniff(lonelyFrameHeader));
    }

    private static byte[] BuildBadInput(string input)
    {
        var tone = WavBytes.Pcm16(Signals.Sine(440, 24000, 0.5), 24000);
        var someData = new byte[960];
        return input switch
        {
            "empty" => [],
            "random bytes" => RandomBytes(4096, seed: 7),
            "text file" => Encoding.UTF8.GetBytes("This is not audio, just a text file that someone renamed to voice.wav.\n"),
            "PNG header" => [0x89, .. "PNG\r\n\u001a\n"u8, .. new byte[200]],
            "RIFF AVI" => [.. "RIFF"u8, 0, 1, 0, 0, .. "AVI LIST"u8, .. new byte[100]],
            "WAV cut inside its header" => tone[..30],
            "WAV cut inside its data" => tone[..1000],
            "WAV with a data chunk of 2^31 bytes" => WavBytes.Build(new WavHeader { DataSize = 1u << 31 }, someData),
            "WAV without a data chunk" => tone[..36],
            "WAV with an empty data chunk" => WavBytes.Build(new WavHeader(), []),
            "WAV data ending mid-frame" => WavBytes.Build(new WavHeader { Channels = 2 }, new byte[962]),
            "WAV with a chunk larger than the file" => WavBytes.Build(new WavHeader(), someData, ("LIST", new byte[4]))
                .Also(file => BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(40), 1_000_000_000)),
            "WAV block align mismatch" => WavBytes.Build(new WavHeader { Channels = 2, BlockAlign = 2, ByteRate = 48000 }, someData),
            "WAV byte rate mismatch" => WavBytes.Build(new WavHeader { ByteRate = 44100 }, someData),
            "WAV 12-bit PCM" => WavBytes.Build(new WavHeader { BitsPerSample = 12, BlockAlign = 2 }, someData),
            "WAV 16-bit float" => WavBytes.Build(new WavHeader { FormatTag = WavHeader.IeeeFloat }, someData),
            "WAV ADPCM" => WavBytes.Build(new WavHeader { FormatTag = WavHeader.Adpcm, BitsPerSample = 4 }, someData),
            "WAV mu-law" => WavBytes.Build(new WavHeader { FormatTag = WavHeader.MuLaw, BitsPerSample = 8 }, someData),
            "WAV 0 Hz" => WavBytes.Build(new WavHeader { SampleRate = 0 }, someData),
            "WAV 1 MHz" => WavBytes.Build(new WavHeader { SampleRate = 1_000_000 }, someData),
            "WAV 0 channels" => WavBytes.Build(new WavHeader { Channels = 0, BlockAlign = 2 }, someData),
            "WAV 100 channels" => WavBytes.Build(new WavHeader { Channels = 100 }, new byte[2000]),
            "WAV NaN floats" => WavBytes.Encode([0.1f, float.NaN, 0.2f, 0.3f], 1, 24000, 32, isFloat: true),
            "WAV infinite doubles" => WavBytes.Encode([0.1f, float.PositiveInfinity], 1, 24000, 64, isFloat: true),
            "WebM cut in the middle" => Fixtures.SharedBytes("sample-48k.webm")[..12000],
            "WebM with a Vorbis track" => Replace(Fixtures.SharedBytes("sample-48k.webm"), "A_OPUS"u8, "A_VORB"u8),
            "Ogg cut in the middle" => Fixtures.LocalBytes("sample-48k.opus.ogg")[..12000],
            "Ogg with a damaged byte" => Fixtures.LocalBytes("sample-48k.opus.ogg").Also(file => file[8000] ^= 0x55),
            "Ogg Vorbis head" => [.. OggPage.Build([1, .. "vorbis"u8, .. new byte[23]], flags: 2), .. OggPage.Build([3, .. "vorbis"u8], flags: 0, sequence: 1)],
            "Ogg FLAC head" => OggPage.Build([0x7F, .. "FLAC"u8, 1, 0, 0, 1, .. "fLaC"u8, .. new byte[38]], flags: 2),
            "MP3-looking garbage" => [0xFF, 0xFB, 0x90, 0x00, .. RandomBytes(5000, seed: 3)],
            "ID3 tag then garbage" => [.. "ID3"u8, 4, 0, 0, 0, 0, 0, 10, .. new byte[10], .. RandomBytes(5000, seed: 4)],
            "FLAC" => [.. "fLaC"u8, 0, 0, 0, 34, .. new byte[200]],
            _ => throw new ArgumentOutOfRangeException(nameof(input), input, "No such bad input."),
        };
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Replace(byte[] bytes, ReadOnlySpan<byte> find, ReadOnlySpan<byte> replacement)
    {
        var index = bytes.AsSpan().IndexOf(find);
        Assert.True(index >= 0);
        replacement.CopyTo(bytes.AsSpan(index));
        return bytes;
    }

    private static int BestLag(float[] reference, float[] candidate, int maxLag)
    {
        const int Start = 48000, Length = 96000;
        return Enumerable.Range(-maxLag, (2 * maxLag) + 1)
            .MaxBy(lag => Enumerable.Range(Start, Length).Sum(i => (double)reference[i] * candidate[i + lag]));
    }

    /// <summary>Reports a longer length than it holds, like a huge upload would, to show no allocation follows the header.</summary>
    private sealed class LengthLyingStream(byte[] bytes, long claimedLength) : MemoryStream(bytes)
    {
        public override long Length => claimedLength;
    }
}
