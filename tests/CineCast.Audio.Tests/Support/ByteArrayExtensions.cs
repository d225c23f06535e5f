namespace CineCast.Audio.Tests.Support;

internal static class ByteArrayExtensions
{
    /// <summary>Applies an in-place change and returns the same array, for building damaged files inline.</summary>
    public static byte[] Also(this byte[] bytes, Action<byte[]> change)
    {
        change(bytes);
        return bytes;
    }
}
