using CineCast.Web.Accounts;
using CineCast.Web.Api;
using CineCast.Web.Admin;
using CineCast.Web.Batches;
using CineCast.Web.Components;
using CineCast.Web.Engines;
using CineCast.Web.Engines.Neural;
using CineCast.Web.Health;
using CineCast.Web.Hosting;
using CineCast.Web.Lexicon;
using CineCast.Web.Provenance;
using CineCast.Web.Storage;
using CineCast.Web.Synthesis;
using CineCast.Web.Voices;
using CineCast.Web.Wyoming;

// The app's own folder is the content root, so the published app runs from any working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.AddCineCastHosting();
builder.AddAccounts();
builder.AddVoices();
builder.AddStorage();
builder.AddEngines();
builder.AddSynthesis();
builder.AddLexicon();
builder.AddProvenance();
builder.AddProgramApis();
builder.AddBatches();
builder.AddWyoming();
builder.AddAdmin();
builder.AddPages();

var app = builder.Build();

if (ModelsCommand.Matches(args))
{
    return await ModelsCommand.RunAsync(app.Services, args);
}

await app.PrepareDatabaseAsync();
await app.SeedRolesAsync();
await app.ReconcileClonesAsync();

app.UseCineCastPipeline();
app.MapHealthApi();
app.MapAccountsApi();
app.MapApiKeysApi();
app.MapVoicesApi();
app.MapSynthesis();
app.MapLexiconApi();
app.MapProvenanceApi();
app.MapBatchesApi();
app.MapProgramApis();
app.MapAdminApi();
app.MapModelsApi();
app.MapEnginesApi();
app.MapPages();

await app.RunAsync();
return 0;

/// <summary>Entry point; public so the test host can start the app.</summary>
public partial class Program;
