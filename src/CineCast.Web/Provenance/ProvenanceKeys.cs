using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CineCast.Web.Hosting;

namespace CineCast.Web.Provenance;

/// <summary>One public key as a JWK (RFC 7517): an ES256 verification key.</summary>
public sealed record ProvenanceJwk(
    [property: JsonPropertyName("kty")] string Kty,
    [property: JsonPropertyName("crv")] string Crv,
    [property: JsonPropertyName("x")] string X,
    [property: JsonPropertyName("y")] string Y,
    [property: JsonPropertyName("kid")] string Kid,
    [property: JsonPropertyName("use")] string Use,
    [property: JsonPropertyName("alg")] string Alg);

public sealed record ProvenanceJwks([property: JsonPropertyName("keys")] IReadOnlyList<ProvenanceJwk> Keys);

/// <summary>
/// The server's provenance signing key (ECDSA P-256, ES256), kept beside the DataProtection key ring in the keys
/// folder so it lasts across restarts and is shared by instances that share that folder. Created on first use (<see cref="SecretFile"/>).
/// Signs provenance statements as compact JWS; publishes the public half as a JWKS.
/// </summary>
public sealed class ProvenanceKeys : IDisposable
{
    public const string FileName = "provenance-es256.pem";

    private readonly ECDsa key;

    public ProvenanceKeys(AppLocations locations)
    {
        key = LoadOrCreate(Path.Combine(locations.KeysDirectory, FileName));
        var parameters = key.ExportParameters(includePrivateParameters: false);
        var (x, y) = (Base64Url(parameters.Q.X!), Base64Url(parameters.Q.Y!));
        // RFC 7638 thumbprint: the required members in lexicographic order, no spaces.
        var kid = Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes($$"""{"crv":"P-256","kty":"EC","x":"{{x}}","y":"{{y}}"}""")));
        Jwks = new ProvenanceJwks([new ProvenanceJwk("EC", "P-256", x, y, kid, "sig", "ES256")]);
        KeyId = kid;
    }

    public string KeyId { get; }

    public ProvenanceJwks Jwks { get; }

    /// <summary>A compact JWS (RFC 7515) of <paramref name="claims"/>, signed ES256 (the signature as r‖s).</summary>
    public string Sign<T>(T claims)
    {
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "ES256", kid = KeyId, typ = "JWT" }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signed = $"{header}.{payload}";
        return $"{signed}.{Base64Url(key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256))}";
    }

    public void Dispose() => key.Dispose();

    private static ECDsa LoadOrCreate(string path)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(Encoding.UTF8.GetString(SecretFile.ReadOrCreate(path, () =>
        {
            using var created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return Encoding.UTF8.GetBytes(created.ExportPkcs8PrivateKeyPem());
        })));
        return key;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
