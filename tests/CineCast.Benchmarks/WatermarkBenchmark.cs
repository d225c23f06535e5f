using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CineCast.Audio;
using CineCast.Audio.Watermarking;
using CineCast.Web.Data;
using CineCast.Web.Provenance;
using CineCast.Web.Tests;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The watermark's figures: detection of 5 s excerpts after what audio goes through (ffmpeg's encoders, resampling,
/// gain, noise) over outputs of many voices and texts; false positives over many windows of human speech, unmarked
/// synthetic speech and noise; the embedding's CPU cost; and the inaudibility measures. Outputs come from the real
/// app in process (no network); the detector is the app's own, with the app's key.
/// </summary>
internal static class WatermarkBenchmark
{
    private const int Rate = WatermarkLayout.SampleRate;
    private const int Outputs = 200;
    private const int FalsePositiveWindows = 10_000;
    private const int Excerpt = 5 * Rate;

    private static readonly string[] HumanClips =
        ["en_jfk_inaugural-1961.wav", "en_ls1363_1363-135842-0000.wav", "en_ls6880_6880-216547-0000.wav", "zh_aishell-S0764_BAC009S0764W0121.wav", "sample-48k.webm"];
    private static readonly string[] RawInput = ["-f", "f32le", "-ar", "24000", "-ac", "1"];
    private static readonly string[] Openings = ["When the sunlight strikes raindrops in the air,", "Every morning before the market opens,", "Long after the last train had left,",
        "If you listen closely at the edge of the forest,", "Somewhere between the harbour and the hills,", "On the first cold night of the year,", "As the committee read the final report,",
        "Whenever the old clock in the hall strikes twelve,"];
    private static readonly string[] Middles = ["they act as a prism and form a rainbow", "the bakers light their ovens one by one", "the station fell silent except for the wind",
        "you can hear the river talking to the stones", "a small boat waits for the evening tide", "the neighbours gather wood and tell old stories", "nobody dared to speak before the chair",
        "the children count the chimes and hold their breath"];
    private static readonly string[] Endings = ["and people look, but no one ever finds the end of it.", "and the whole street smells of warm bread and coffee.",
        "and the lamps along the platform flickered out.", "and the sound carries on long after you walk away.", "and the gulls circle patiently above the masts.",
        "and the village seems smaller and warmer than before.", "and then everyone began talking at once.", "and the house settles into a deep and peaceful quiet."];

    private static readonly (string Name, string[]? Ffmpeg, Func<float[], float[]>? Change)[] Transformations =
    [
        ("none", null, null),
        ("MP3 64 kbps", ["-c:a", "libmp3lame", "-b:a", "64k", "-f", "mp3"], null),
        ("Opus 24 kbps", ["-c:a", "libopus", "-b:a", "24k", "-f", "ogg"], null),
        ("AAC 64 kbps", ["-c:a", "aac", "-b:a", "64k", "-f", "adts"], null),
        ("resampled to 16 kHz", ["-ar", "16000", "-f", "wav"], null),
        ("+10 dB", null, audio => Gain(audio, 10)),
        ("-10 dB", null, audio => Gain(audio, -10)),
        ("white noise at 20 dB SNR", null, audio => WithNoise(audio, 20, audio.Length)),
    ];

    public static async Task<bool> RunAsync(string reportDirectory)
    {
        var marked = Directory.CreateTempSubdirectory("cinecast-wm-bench-").FullName;
        var plain = Directory.CreateTempSubdirectory("cinecast-wm-bench-plain-").FullName;
        try
        {
            await using var app = new BenchApp(marked);
            await using var unmarkedApp = new BenchApp(plain, watermark: false);
            var (client, voices) = await SignInAsync(app);
            var (plainClient, plainVoices) = await SignInAsync(unmarkedApp);
            var watermarker = app.Services.GetRequiredService<IWatermarker>();
            var random = new Random(2026);
            var report = new StringBuilder();
            report.AppendLine(CultureInfo.InvariantCulture, $"# Watermark benchmark ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores)");
            report.AppendLine();

            Console.WriteLine($"Speaking {Outputs} outputs with {voices.Count} voices…");
            var outputs = new List<(float[] Audio, uint Mark)>();
            for (var i = 0; i < Outputs; i++)
            {
                var (audio, statement) = await SpeakAsync(client, Sentence(i), voices[i % voices.Count]);
                outputs.Add((audio, await MarkOfAsync(app, statement)));
            }
            report.AppendLine(CultureInfo.InvariantCulture, $"Detection of one random 5 s excerpt per output, {Outputs} outputs ({voices.Count} voices: presets and clones of the shared human clips; {Outputs} different texts, {outputs.Average(o => o.Audio.Length) / Rate:0.0} s on average). Goal: ≥ 99 %.");
            report.AppendLine();
            report.AppendLine("| transformation | found | rate | median confidence |");
            report.AppendLine("|---|---:|---:|---:|");
            var allMet = true;
            foreach (var (name, ffmpeg, change) in Transformations)
            {
                var found = 0;
                var confidences = new List<double>();
                foreach (var (audio, mark) in outputs)
                {
                    var changed = ffmpeg is not null ? ThroughFfmpeg(audio, ffmpeg) : change is not null ? change(audio) : audio;
                    var start = random.Next(0, Math.Max(1, changed.Length - Excerpt));
                    var reading = watermarker.Read(changed.AsSpan(start, Math.Min(Excerpt, changed.Length - start)));
                    found += reading.Marks.Any(m => m.Mark == mark) ? 1 : 0;
                    confidences.Add(reading.BestConfidence);
                }
                allMet &= found >= 0.99 * Outputs;
                report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {found} / {Outputs} | {100.0 * found / Outputs:0.0} % | {Median(confidences):0.000} |");
                Console.WriteLine($"{name}: {found}/{Outputs}");
            }
            report.AppendLine();

            Console.WriteLine("False positives…");
            var human = HumanClips
                .Select(file => Fixtures.Decode(Fixtures.SharedBytes(file))).Select(a => Resampler.Resample(a.ToMono(), a.SampleRate, Rate)).ToList();
            var synthetic = new List<float[]>();
            for (var i = 0; i < 40; i++)
            {
                synthetic.Add((await SpeakAsync(plainClient, Sentence(i + 1000), plainVoices[i % plainVoices.Count])).Audio);
            }
            var noise = new[] { WithNoise(new float[60 * Rate], 0, 60 * Rate, level: 0.05), Brown(60 * Rate, random) };
            var sources = new (string Name, List<float[]> Audio)[] { ("human speech (the shared clips)", human), ("unmarked synthetic speech", synthetic), ("noise (white, brown)", [.. noise]) };
            report.AppendLine(CultureInfo.InvariantCulture, $"False positives over {FalsePositiveWindows:N0} overlapping 5 s windows without a mark (goal: ≤ 1 in 10,000). \"Checksum holds\" counts any 32-bit number the detector would accept before it looks in the records; \"record found\" is what the endpoint answers.");
            report.AppendLine();
            report.AppendLine("| audio | windows | checksum holds | record found | median confidence |");
            report.AppendLine("|---|---:|---:|---:|---:|");
            await using var scope = app.Services.CreateAsyncScope();
            var ledger = scope.ServiceProvider.GetRequiredService<ProvenanceLedger>();
            var falseTotal = 0;
            foreach (var (name, audio) in sources)
            {
                var windows = FalsePositiveWindows / sources.Length + (name == sources[0].Name ? FalsePositiveWindows % sources.Length : 0);
                var (checksums, records) = (0, 0);
                var confidences = new List<double>();
                for (var w = 0; w < windows; w++)
                {
                    var clip = audio[w % audio.Count];
                    var start = clip.Length > Excerpt ? random.Next(0, clip.Length - Excerpt) : 0;
                    var reading = watermarker.Read(clip.AsSpan(start, Math.Min(Excerpt, clip.Length - start)));
                    checksums += reading.Marks.Count > 0 ? 1 : 0;
                    records += reading.Marks.Count > 0 && await ledger.FindAsync(reading.Marks.Select(m => m.Mark), CancellationToken.None) is not null ? 1 : 0;
                    confidences.Add(reading.BestConfidence);
                }
                falseTotal += records;
                report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {windows:N0} | {checksums} | {records} | {Median(confidences):0.000} |");
            }
            allMet &= falseTotal <= FalsePositiveWindows / 10_000;
            report.AppendLine();

            Console.WriteLine("Cost and inaudibility…");
            var long_ = synthetic.SelectMany(a => a).ToArray();
            var embedder = new WatermarkEmbedder(new WatermarkPattern(new byte[WatermarkPattern.KeyLength]), 12345);
            Run(embedder, long_.AsSpan(0, Rate * 5));
            embedder = new WatermarkEmbedder(new WatermarkPattern(new byte[WatermarkPattern.KeyLength]), 12345);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var started = Stopwatch.GetTimestamp();
            var watermarked = Run(embedder, long_);
            var wall = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
            var seconds = (double)long_.Length / Rate;
            report.AppendLine(CultureInfo.InvariantCulture, $"Embedding cost over {seconds:0} s of synthetic speech, one thread: {wall / seconds:0.00} ms of wall time and {cpuMs / seconds:0.00} ms of process CPU per second of audio (goal: < 2 ms; the basic engine itself takes about 10).");
            report.AppendLine();
            Inaudibility(report, long_, watermarked, "unmarked synthetic speech, marked");
            var humanLong = human.SelectMany(a => a).ToArray();
            Inaudibility(report, humanLong, Run(new WatermarkEmbedder(new WatermarkPattern(new byte[WatermarkPattern.KeyLength]), 12345), humanLong), "the shared human clips, marked");
            report.AppendLine();
            report.AppendLine(allMet ? "All detection goals met." : "NOT ALL DETECTION GOALS MET.");

            Directory.CreateDirectory(reportDirectory);
            var path = Path.Combine(reportDirectory, "watermark.md");
            await File.WriteAllTextAsync(path, report.ToString());
            Console.WriteLine(report);
            Console.WriteLine($"Report: {path}");
            return allMet;
        }
        finally
        {
            Fixtures.DeleteDirectory(marked);
            Fixtures.DeleteDirectory(plain);
        }
    }

    /// <summary>
    /// How the mark changes the audio: overall level; long-term spectrum in third octaves (100 Hz – 10 kHz); and,
    /// per 21 ms frame and 200 Hz band where the mark lives, the energy of the difference (the mark) against the
    /// band's own energy — compared with the masking offsets of Johnston's model (a noise-like masker hides what is
    /// 5.5 dB below it; a tone hides only what is 14.5 + z dB below it, z the band's critical-band rate in Bark).
    /// </summary>
    private static void Inaudibility(StringBuilder report, float[] before, float[] after, string what)
    {
        var level = Rms(after) - Rms(before);
        var (a, b) = (Spectra.ThirdOctaveLevels(before, Rate), Spectra.ThirdOctaveLevels(after, Rate));
        var spectrum = a.Zip(b, (x, y) => Math.Abs(y - x)).Max();
        var ratios = new List<double>();
        var (underNoise, underTone, cells) = (0, 0, 0);
        var fft = new RealFft(WatermarkLayout.Window);
        var (frame, re, im, dre, dim) = (new float[WatermarkLayout.Window], new float[513], new float[513], new float[513], new float[513]);
        var weights = WatermarkLayout.FrameWeights();
        var bins = WatermarkLayout.GroupBins;
        for (var start = 0; start + WatermarkLayout.Window <= before.Length; start += WatermarkLayout.Hop)
        {
            for (var i = 0; i < frame.Length; i++)
            {
                frame[i] = before[start + i] * weights[i];
            }
            fft.Forward(frame, re, im);
            for (var i = 0; i < frame.Length; i++)
            {
                frame[i] = (after[start + i] - before[start + i]) * weights[i];
            }
            fft.Forward(frame, dre, dim);
            for (var g = 0; g < WatermarkLayout.Groups; g++)
            {
                double signal = 0, mark = 0;
                for (var k = bins[g]; k < bins[g + 1]; k++)
                {
                    signal += (re[k] * re[k]) + (im[k] * im[k]);
                    mark += (dre[k] * dre[k]) + (dim[k] * dim[k]);
                }
                if (signal < 1e-7 || mark <= 0)
                {
                    continue;
                }
                var ratio = 10 * Math.Log10(mark / signal);
                var hz = 300 + (200 * g);
                var bark = (13 * Math.Atan(0.00076 * hz)) + (3.5 * Math.Atan(Math.Pow(hz / 7500.0, 2)));
                ratios.Add(ratio);
                cells++;
                underNoise += ratio <= -5.5 ? 1 : 0;
                underTone += ratio <= -(14.5 + bark) ? 1 : 0;
            }
        }
        ratios.Sort();
        report.AppendLine(CultureInfo.InvariantCulture, $"Inaudibility, {what}: level {level:+0.00;-0.00} dB; largest long-term third-octave change {spectrum:0.00} dB (goal: both < 0.5 dB). " +
            $"Mark-to-signal ratio per frame and band: median {ratios[ratios.Count / 2]:0.0} dB, 95th percentile {ratios[(int)(0.95 * ratios.Count)]:0.0} dB; " +
            $"under a noise masker's threshold in {100.0 * underNoise / cells:0.0} % of {cells:N0} cells, under a pure tone's in {100.0 * underTone / cells:0.0} %.");
        report.AppendLine();
    }

    private static string Sentence(int i) =>
        $"{Openings[i % Openings.Length]} {Middles[(i / Openings.Length) % Middles.Length]}, {Endings[(i / (Openings.Length * Middles.Length)) % Endings.Length]} This is reading number {i + 1}.";

    private static async Task<(HttpClient Client, List<string> Voices)> SignInAsync(BenchApp app)
    {
        var client = app.CreateClient();
        var credentials = new { email = "bench@cinecast.test", password = "Passw0rd!" };
        (await client.PostAsJsonAsync("/api/auth/register", credentials)).EnsureSuccessStatusCode();
        var login = await (await client.PostAsJsonAsync("/api/auth/login", credentials)).Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login.GetProperty("accessToken").GetString());
        var voices = new List<string>();
        foreach (var clip in HumanClips.Take(3))
        {
            using var form = new MultipartFormDataContent
            {
                { new ByteArrayContent(Fixtures.SharedBytes(clip)), "file", clip },
                { new StringContent(Path.GetFileNameWithoutExtension(clip)), "name" },
                { new StringContent("true"), "consent" },
            };
            var created = await client.PostAsync("/api/voices", form);
            created.EnsureSuccessStatusCode();
            voices.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }
        var listed = await client.GetFromJsonAsync<JsonElement>("/api/voices");
        voices.AddRange(listed.EnumerateArray().Select(v => v.GetProperty("id").GetString()!).Where(id => !voices.Contains(id)));
        return (client, voices);
    }

    private static async Task<(float[] Audio, string Statement)> SpeakAsync(HttpClient client, string text, string voice)
    {
        var response = await client.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = text, voice, response_format = "pcm" });
        response.EnsureSuccessStatusCode();
        var pcm = await response.Content.ReadAsByteArrayAsync();
        var audio = new float[pcm.Length / 2];
        for (var i = 0; i < audio.Length; i++)
        {
            audio[i] = BitConverter.ToInt16(pcm, 2 * i) / 32768f;
        }
        return (audio, response.Headers.GetValues(ProvenanceApi.StatementHeader).Single());
    }

    private static async Task<uint> MarkOfAsync(BenchApp app, string statement)
    {
        var payload = statement.Split('.')[1].Replace('-', '+').Replace('_', '/');
        var jti = JsonDocument.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '='))).RootElement.GetProperty("jti").GetString();
        await using var scope = app.Services.CreateAsyncScope();
        return (uint)scope.ServiceProvider.GetRequiredService<CineCastDb>().ProvenanceRecords.Single(r => r.Id == jti).Mark!.Value;
    }

    /// <summary>The audio through an ffmpeg encoder and back to 24 kHz mono, as a listener's tools would.</summary>
    private static float[] ThroughFfmpeg(float[] audio, string[] encode)
    {
        var encoded = FfmpegPipe.Run(F32(audio), RawInput, encode);
        var decoded = FfmpegPipe.Run(encoded, [], RawInput);
        var samples = new float[decoded.Length / 4];
        Buffer.BlockCopy(decoded, 0, samples, 0, samples.Length * 4);
        return samples;
    }

    private static byte[] F32(float[] audio)
    {
        var bytes = new byte[audio.Length * 4];
        Buffer.BlockCopy(audio, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    private static float[] Gain(float[] audio, double db)
    {
        var factor = (float)Math.Pow(10, db / 20);
        return audio.Select(s => s * factor).ToArray();
    }

    /// <summary>White Gaussian noise <paramref name="snrDb"/> below the speech's level (its frames above -50 dBFS), or at <paramref name="level"/> RMS.</summary>
    private static float[] WithNoise(float[] audio, double snrDb, int length, double? level = null)
    {
        var random = new Random(length);
        double active = 0;
        var frames = 0;
        for (var i = 0; i + 480 <= audio.Length; i += 480)
        {
            var energy = 0.0;
            for (var j = 0; j < 480; j++)
            {
                energy += audio[i + j] * audio[i + j];
            }
            if (energy / 480 > 1e-5)
            {
                active += energy / 480;
                frames++;
            }
        }
        var sd = level ?? Math.Sqrt(active / Math.Max(1, frames) / Math.Pow(10, snrDb / 10));
        var noisy = new float[length];
        for (var i = 0; i < length; i++)
        {
            noisy[i] = (i < audio.Length ? audio[i] : 0) + (float)(sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }
        return noisy;
    }

    private static float[] Brown(int length, Random random)
    {
        var noise = new float[length];
        var value = 0.0;
        for (var i = 0; i < length; i++)
        {
            value = (0.995 * value) + (0.02 * (random.NextDouble() - 0.5));
            noise[i] = (float)value;
        }
        return noise;
    }

    private static float[] Run(WatermarkEmbedder embedder, ReadOnlySpan<float> audio)
    {
        var output = new float[audio.Length];
        var written = 0;
        for (var start = 0; start < audio.Length; start += 960)
        {
            var block = embedder.Process(audio.Slice(start, Math.Min(960, audio.Length - start))).Span;
            block.CopyTo(output.AsSpan(written));
            written += block.Length;
        }
        embedder.Flush().Span.CopyTo(output.AsSpan(written));
        return output;
    }

    private static double Rms(float[] audio) => 10 * Math.Log10(audio.Sum(s => (double)s * s) / audio.Length);

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
