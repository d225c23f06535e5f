namespace CineCast.Web.Hosting;

/// <summary>
/// A secret kept in one file of the keys folder: made on first use, written to a temporary file readable by its
/// owner only and renamed into place, so a half-written secret is never read; an instance that loses the race to
/// make it reads the winner's.
/// </summary>
public static class SecretFile
{
    public static byte[] ReadOrCreate(string path, Func<byte[]> create)
    {
        if (!File.Exists(path))
        {
            var directory = Path.GetDirectoryName(path)!;
            Directory.CreateDirectory(directory);
            var secret = create();
            var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
            File.WriteAllBytes(temporary, secret);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            try
            {
                File.Move(temporary, path, overwrite: false);
                return secret;
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }
        return File.ReadAllBytes(path);
    }
}
