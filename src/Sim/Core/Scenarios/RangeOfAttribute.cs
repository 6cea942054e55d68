using System.Globalization;

namespace ConnMgr.Sim.Scenarios;

/// <summary>
/// The values a numeric field of the scenario format accepts, declared once: the structural validator refuses a value
/// outside it (in the file and in <c>--set</c>), and scenarios/schema.json carries it as minimum and maximum. Fields
/// whose bounds depend on other fields (LowWater below HighWater) are checked again by the semantic validators.
/// </summary>
/// <param name="min">Smallest accepted value.</param>
/// <param name="max">Largest accepted value.</param>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RangeOfAttribute(double min, double max) : Attribute
{
    /// <summary>Smallest accepted value.</summary>
    public double Min { get; } = min;

    /// <summary>Largest accepted value.</summary>
    public double Max { get; } = max;

    /// <summary>Null when <paramref name="value"/> is inside, else the problem in words.</summary>
    public string? Check(double value) => value >= Min && value <= Max
        ? null
        : string.Create(CultureInfo.InvariantCulture, $"{value} is out of range; allowed {Min}..{Max}.");
}
