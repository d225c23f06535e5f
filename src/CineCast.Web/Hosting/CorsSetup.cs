using System.ComponentModel.DataAnnotations;

namespace CineCast.Web.Hosting;

/// <summary>Section <c>CineCast:Cors</c>. Empty (the default) means no other site may call the API from a browser.</summary>
public sealed class CorsOptions : IValidatableObject
{
    public const string Section = "CineCast:Cors";

    /// <summary>Exact origins (scheme://host[:port]) allowed to call the API with credentials.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var origin in AllowedOrigins)
        {
            // A wildcard with credentials would let any site act as a signed-in user.
            if (origin.Contains('*', StringComparison.Ordinal) || !Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/")
            {
                yield return new ValidationResult($"CineCast:Cors:AllowedOrigins: '{origin}' is not an exact origin such as https://app.example.com; wildcards are not allowed.");
            }
        }
    }
}

public static class CorsSetup
{
    public const string PolicyName = "allow-list";

    public static WebApplicationBuilder AddCorsAllowList(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CorsOptions>().BindConfiguration(CorsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var origins = builder.Configuration.GetSection(CorsOptions.Section).Get<CorsOptions>()?.AllowedOrigins ?? [];
        builder.Services.AddCors(cors => cors.AddPolicy(PolicyName, policy =>
            policy.WithOrigins([.. origins.Where(o => !o.Contains('*', StringComparison.Ordinal)).Select(o => o.TrimEnd('/'))])
                .AllowAnyHeader()
                .AllowAnyMethod()
                .AllowCredentials()));
        return builder;
    }
}
