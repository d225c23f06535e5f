using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;

namespace CineCast.Neural.PocketTts;

/// <summary>Reads a little-endian float32 NPY file (v1.0 to v3.0), parsing the header instead of assuming it.</summary>
internal static partial class NpyFloatArray
{
    public static (float[] Data, long[] Shape) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} is not an NPY file.");
        }

        var major = bytes[6];
        var (headerLength, headerStart) = major == 1
            ? (BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)), 10)
            : ((int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)), 12);
        var header = Encoding.Latin1.GetString(bytes, headerStart, headerLength);
        if (!DescrLittleFloat32().IsMatch(header))
        {
            throw new InvalidDataException($"{Path.GetFileName(path)}: only '<f4' NPY data is supported (header: {header.Trim()}).");
        }

        if (FortranTrue().IsMatch(header))
        {
            throw new InvalidDataException($"{Path.GetFileName(path)}: Fortran-ordered NPY data is not supported.");
        }

        var shapeText = ShapeTuple().Match(header);
        if (!shapeText.Success)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)}: NPY header has no shape.");
        }

        var shape = shapeText.Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => long.Parse(d, System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
        var count = shape.Aggregate(1L, (product, dim) => product * dim);
        var dataStart = headerStart + headerLength;
        if (bytes.Length - dataStart != count * sizeof(float))
        {
            throw new InvalidDataException($"{Path.GetFileName(path)}: NPY payload size does not match shape.");
        }

        var data = new float[count];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(dataStart + (i * sizeof(float))));
        }

        return (data, shape);
    }

    [GeneratedRegex(@"'descr'\s*:\s*'<f4'")]
    private static partial Regex DescrLittleFloat32();

    [GeneratedRegex(@"'fortran_order'\s*:\s*True")]
    private static partial Regex FortranTrue();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapeTuple();
}
