using CineCast.Web.Refusals;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CineCast.Web.Hosting;

public static class Problems
{
    /// <summary>The answer for an id that names nothing the caller may see, theirs or not.</summary>
    public static ProblemHttpResult NotFound(string what) => Refuse.NotFound.With($"{what} with that id").ToProblem();
}
