using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CineCast.Web.Data;
using CineCast.Web.Synthesis;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CineCast.Web.Tests;

/// <summary>
/// Every output starts with a provenance record and goes out with its signed statement (ES256 JWS): checked here
/// with the published JWKS by hand, and by PyJWT (Debian's python3-jwt), a JOSE implementation of its own.
/// </summary>
[Collection(EspeakSerial.Name)]
public sealed class ProvenanceTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const string Text = "Hello from the provenance test.";

    [Fact]
    public async Task An_HTTP_speech_response_carries_a_statement_that_verifies_with_the_published_key_and_names_what_spoke()
    {
        var user = await fixture.NewUserAsync();
        var cloneId = await SpeechClient.CloneIdAsync(user, SpeechFiles.Clip24k, "Signed voice");
        var me = await user.GetFromJsonAsync<JsonElement>("/api/auth/me");

        var response = await user.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = Text, voice = cloneId, response_format = "wav" });
        var statement = response.Headers.GetValues("X-CineCast-Provenance").Single();
        var jwks = await fixture.App.AnonymousClient().GetFromJsonAsync<JsonElement>("/api/provenance/keys");

        var claims = Verify(statement, jwks);
        Assert.Equal("cinecast", claims.GetProperty("iss").GetString());
        Assert.Equal(me.GetProperty("id").GetString(), claims.GetProperty("sub").GetString());
        Assert.Equal((cloneId, "Signed voice", "clone"), (claims.GetProperty("voice").GetProperty("id").GetString(),
            claims.GetProperty("voice").GetProperty("name").GetString(), claims.GetProperty("voice").GetProperty("kind").GetString()));
        Assert.EndsWith("@cinecast.test", claims.GetProperty("voice").GetProperty("consent_by").GetString(), StringComparison.Ordinal);
        Assert.Equal("basic", claims.GetProperty("engine").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text))), claims.GetProperty("text_sha256").GetString());
        Assert.Equal("cinecast-wm1", claims.GetProperty("watermark").GetString());
        Assert.Equal("on", response.Headers.GetValues("X-CineCast-Watermark").Single());
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var record = await scope.ServiceProvider.GetRequiredService<CineCastDb>().ProvenanceRecords.SingleAsync(r => r.Id == claims.GetProperty("jti").GetString());
        Assert.Equal((cloneId, "basic"), (record.VoiceId, record.Engine));
    }

    [Fact]
    public async Task The_statement_verifies_in_an_independent_JOSE_implementation_and_a_changed_one_does_not()
    {
        var response = await fixture.Admin.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = Text, voice = "aiden", response_format = "pcm" });
        var statement = response.Headers.GetValues("X-CineCast-Provenance").Single();
        var jwks = await fixture.App.AnonymousClient().GetStringAsync("/api/provenance/keys");
        var parts = statement.Split('.');
        var forged = $"{parts[0]}.{Base64Url(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(FromBase64Url(parts[1])).Replace("aiden", "ava", StringComparison.Ordinal)))}.{parts[2]}";

        var verified = await PyJwtAsync(statement, jwks);
        var rejected = await PyJwtAsync(forged, jwks);

        Assert.StartsWith("ok ", verified, StringComparison.Ordinal);
        Assert.Equal("aiden", JsonDocument.Parse(verified[3..]).RootElement.GetProperty("voice").GetProperty("id").GetString());
        Assert.StartsWith("rejected", rejected, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hub_streams_and_every_request_get_a_statement_of_their_own()
    {
        await using var hub = await SpeechClient.ConnectAsync(fixture.App, fixture.Admin);
        var jwks = await fixture.App.AnonymousClient().GetFromJsonAsync<JsonElement>("/api/provenance/keys");

        var first = (await hub.SpeakAsync(new SynthesisRequest(Text, "ava")))[0];
        var second = (await hub.SpeakAsync(new SynthesisRequest(Text, "ava")))[0];

        var (a, b) = (Verify(first.Provenance!, jwks), Verify(second.Provenance!, jwks));
        Assert.Equal("ava", a.GetProperty("voice").GetProperty("id").GetString());
        Assert.False(a.GetProperty("voice").TryGetProperty("consent_by", out _), "a preset has no consent record");
        Assert.NotEqual(a.GetProperty("jti").GetString(), b.GetProperty("jti").GetString());
    }

    [Fact]
    public async Task A_batch_jobs_audio_is_downloaded_with_the_statement_of_its_render_and_carries_its_mark()
    {
        const string book = "The rainbow is a division of white light into many beautiful colors. These take the shape of a long round arch, with its path high above.";
        var user = await fixture.NewUserAsync();
        var job = await user.SubmittedAsync(new { text = book, voice = "aiden", format = "wav" });
        var (done, _) = await user.PollUntilAsync(job.Id, j => j.Status == Batches.BatchStates.Done);
        var jwks = await fixture.App.AnonymousClient().GetFromJsonAsync<JsonElement>("/api/provenance/keys");

        var audio = await user.GetAsync($"/api/batches/{done.Id}/audio");

        Assert.Equal(HttpStatusCode.OK, audio.StatusCode);
        var statement = audio.Headers.GetValues("X-CineCast-Provenance").Single();
        Assert.Equal(done.Provenance, statement);
        var claims = Verify(statement, jwks);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(book))), claims.GetProperty("text_sha256").GetString());
        Assert.Equal("aiden", claims.GetProperty("voice").GetProperty("id").GetString());
        Assert.Equal("on", audio.Headers.GetValues("X-CineCast-Watermark").Single());
        var detected = await user.PostAsync("/api/provenance/detect", new MultipartFormDataContent { { new ByteArrayContent(await audio.Content.ReadAsByteArrayAsync()), "file", "batch.wav" } });
        var found = await detected.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(claims.GetProperty("jti").GetString(), found.GetProperty("record").GetProperty("jti").GetString());
    }

    [Fact]
    public async Task The_signing_key_lasts_across_restarts_of_the_same_data_directory()
    {
        var directory = Directory.CreateTempSubdirectory("cinecast-provenance-").FullName;
        try
        {
            string before, after;
            using (var first = new CineCastApp(directory))
            {
                before = await first.AnonymousClient().GetStringAsync("/api/provenance/keys");
            }
            using (var second = new CineCastApp(directory))
            {
                after = await second.AnonymousClient().GetStringAsync("/api/provenance/keys");
            }

            Assert.Equal(before, after);
            var key = JsonDocument.Parse(before).RootElement.GetProperty("keys")[0];
            Assert.Equal(("EC", "P-256", "ES256", "sig"), (key.GetProperty("kty").GetString(), key.GetProperty("crv").GetString(), key.GetProperty("alg").GetString(), key.GetProperty("use").GetString()));
            Assert.True(File.Exists(Path.Combine(directory, "keys", "provenance-es256.pem")));
            Assert.Empty(Directory.GetFiles(Path.Combine(directory, "keys"), "*.tmp"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Checks an ES256 compact JWS against the JWKS the way RFC 7515 says, and returns its claims.</summary>
    private static JsonElement Verify(string statement, JsonElement jwks)
    {
        var parts = statement.Split('.');
        Assert.Equal(3, parts.Length);
        var header = JsonDocument.Parse(FromBase64Url(parts[0])).RootElement;
        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        var key = jwks.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("kid").GetString() == header.GetProperty("kid").GetString());
        using var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = FromBase64Url(key.GetProperty("x").GetString()!), Y = FromBase64Url(key.GetProperty("y").GetString()!) },
        });
        Assert.True(ecdsa.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), FromBase64Url(parts[2]), HashAlgorithmName.SHA256), "the signature does not verify");
        return JsonDocument.Parse(FromBase64Url(parts[1])).RootElement.Clone();
    }

    /// <summary>Debian's PyJWT verifies the token with the JWKS; prints "ok &lt;claims&gt;" or "rejected &lt;reason&gt;".</summary>
    private static async Task<string> PyJwtAsync(string token, string jwks)
    {
        const string Script = """
            import json, sys, jwt
            token, jwks = sys.argv[1], json.loads(sys.argv[2])
            header = jwt.get_unverified_header(token)
            key = next(k for k in jwks["keys"] if k["kid"] == header["kid"])
            try:
                claims = jwt.decode(token, jwt.PyJWK(key).key, algorithms=["ES256"], options={"verify_aud": False})
                print("ok " + json.dumps(claims))
            except jwt.InvalidTokenError as error:
                print("rejected " + type(error).__name__)
            """;
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-c", Script, token, jwks })
        {
            start.ArgumentList.Add(argument);
        }
        using var python = Process.Start(start)!;
        var output = await python.StandardOutput.ReadToEndAsync();
        var errors = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        Assert.True(python.ExitCode == 0, errors);
        return output.Trim();
    }

    private static byte[] FromBase64Url(string text) =>
        Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (text.Length % 4)) % 4));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
