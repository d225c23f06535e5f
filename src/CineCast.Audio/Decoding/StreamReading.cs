namespace CineCast.Audio.Decoding;

internal static class StreamReading
{
    /// <summary>Fills <paramref name="buffer"/> or throws <see cref="AudioProblem.Truncated"/> with the given sentence.</summary>
    public static void ReadExactlyOrReject(this Stream input, Span<byte> buffer, string truncatedMessage)
    {
        if (input.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length)
        {
            throw Reject.Truncated(truncatedMessage);
        }
    }
}
