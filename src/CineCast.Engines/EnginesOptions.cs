using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CineCast.Engines;

/// <summary>Section <c>CineCast:Engines</c>.</summary>
public sealed class EnginesOptions
{
    public const string Section = "CineCast:Engines";

    /// <summary>The engine used when a request names none.</summary>
    [Required]
    public string DefaultEngine { get; set; } = CineCast.Engines.Basic.BasicEngine.EngineId;

    public Basic.BasicEngineOptions Basic { get; set; } = new();

    [ValidateObjectMembers]
    public Neural.NeuralEngineOptions Neural { get; set; } = new();
}
