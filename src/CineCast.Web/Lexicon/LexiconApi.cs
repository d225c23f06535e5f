using System.Security.Claims;
using System.Text;
using CineCast.Web.Accounts;
using CineCast.Web.Hosting;
using CineCast.Web.Refusals;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Lexicon;

/// <summary><c>/api/lexicon</c>: the signed-in user's pronunciation entries, and their import and export as W3C PLS.</summary>
public static class LexiconApi
{
    public static IEndpointRouteBuilder MapLexiconApi(this IEndpointRouteBuilder routes)
    {
        var lexicon = routes.MapGroup("/api/lexicon").WithTags("Lexicon");
        lexicon.MapGet("/", async (LexiconBook book, ClaimsPrincipal user, CancellationToken cancellationToken) =>
            TypedResults.Ok(await book.ListAsync(user.UserId(), cancellationToken)));
        lexicon.MapPost("/", Create);
        lexicon.MapGet("/{id}", async Task<Results<Ok<LexiconEntryDto>, ProblemHttpResult>> (string id, LexiconBook book, ClaimsPrincipal user, CancellationToken cancellationToken) =>
            await book.FindAsync(user.UserId(), id, cancellationToken) is { } entry ? TypedResults.Ok(entry) : Problems.NotFound("lexicon entry"));
        lexicon.MapPut("/{id}", async Task<Results<Ok<LexiconEntryDto>, ProblemHttpResult>> (
            string id, LexiconEntryRequest body, LexiconBook book, ClaimsPrincipal user, CancellationToken cancellationToken) =>
            await book.UpdateAsync(user.UserId(), id, body, cancellationToken) is { } entry ? TypedResults.Ok(entry) : Problems.NotFound("lexicon entry"));
        lexicon.MapDelete("/{id}", async Task<Results<NoContent, ProblemHttpResult>> (string id, LexiconBook book, ClaimsPrincipal user, CancellationToken cancellationToken) =>
            await book.DeleteAsync(user.UserId(), id, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound("lexicon entry"));
        lexicon.MapPost("/import", Import).Accepts<string>(PlsDocument.ContentType, "application/xml", "text/xml");
        lexicon.MapGet("/export", Export);
        return routes;
    }

    private static async Task<Created<LexiconEntryDto>> Create(LexiconEntryRequest body, LexiconBook book, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var entry = await book.CreateAsync(user.UserId(), body, cancellationToken);
        return TypedResults.Created($"/api/lexicon/{entry.Id}", entry);
    }

    /// <summary>The body is the PLS document itself.</summary>
    private static async Task<Ok<LexiconImport>> Import(
        HttpRequest request, LexiconBook book, IOptions<LexiconOptions> options, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (request.ContentType?.Split(';')[0].Trim() is not (PlsDocument.ContentType or "application/xml" or "text/xml"))
        {
            throw Refuse.UnsupportedMediaType.With();
        }
        if (!BodyLimit.TryLimit(request, options.Value.MaxImportBytes))
        {
            throw Refuse.BodyTooLarge.With();
        }
        string pls;
        try
        {
            using var reader = new StreamReader(request.Body, new UTF8Encoding(false, throwOnInvalidBytes: true));
            pls = await reader.ReadToEndAsync(cancellationToken);
        }
        catch (DecoderFallbackException)
        {
            throw Refuse.LexiconMalformed.With(1, 1, "the file is not UTF-8 text");
        }
        return TypedResults.Ok(await book.ImportAsync(user.UserId(), pls, cancellationToken));
    }

    private static async Task<FileContentHttpResult> Export(string? language, LexiconBook book, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var pls = await book.ExportAsync(user.UserId(), language, cancellationToken);
        return TypedResults.File(Encoding.UTF8.GetBytes(pls), PlsDocument.ContentType, "lexicon.pls");
    }
}

public static class LexiconSetup
{
    public static WebApplicationBuilder AddLexicon(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LexiconOptions>()
            .BindConfiguration(LexiconOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<CompiledLexicons>();
        builder.Services.AddScoped<LexiconBook>();
        return builder;
    }
}
