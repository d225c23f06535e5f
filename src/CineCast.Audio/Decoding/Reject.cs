namespace CineCast.Audio.Decoding;

/// <summary>Short factories for the exceptions decoders throw.</summary>
internal static class Reject
{
    public static AudioRejectedException Because(AudioProblem problem, string message) => new(problem, message);

    public static AudioRejectedException Truncated(string message) => new(AudioProblem.Truncated, message);

    public static AudioRejectedException InvalidHeader(string message) => new(AudioProblem.InvalidHeader, message);

    public static AudioRejectedException Unsupported(string message) => new(AudioProblem.UnsupportedFormat, message);

    public static AudioRejectedException TooLong(DecodeLimits limits) =>
        new(AudioProblem.TooLong, $"The recording is longer than the {limits.MaxDurationSeconds:0.#}-second limit; upload a shorter clip.");

    public static AudioRejectedException TooMuchAudio() =>
        new(AudioProblem.TooLong, "The recording holds more audio data (duration × sample rate × channels) than a voice clip needs; upload a mono or stereo clip at 48 kHz or less.");
}
