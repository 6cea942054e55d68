namespace ConnMgr.Engine.Quotas;

/// <summary>
/// What a subsystem asks for when it enrols (<see cref="ConnectionManager{TPeer}.Enrol"/>; the connection manager v2
/// sketch, libp2p/specs PR 161): an absolute range of connections (e.g. 10–50) or a relative one (e.g. 5–10 % of the
/// manager's capacity, its LowWater or hard maximum). Build one with <see cref="Absolute"/> or <see cref="Share"/>.
/// </summary>
/// <param name="Min">Reserved minimum: a count, or a fraction in [0, 1] when <paramref name="Relative"/>.</param>
/// <param name="Max">Maximum: a count (<see cref="int.MaxValue"/> = none), or a fraction in [Min, 1] when <paramref name="Relative"/>.</param>
/// <param name="Relative">True when Min and Max are fractions of the capacity, re-granted whenever the limits change.</param>
public readonly record struct QuotaRequest(double Min, double Max, bool Relative)
{
    /// <summary>Asks for between <paramref name="min"/> and <paramref name="max"/> connections (peers, as counted).</summary>
    public static QuotaRequest Absolute(int min, int max = int.MaxValue) => new(min, max, false);

    /// <summary>Asks for between <paramref name="min"/> and <paramref name="max"/> of the capacity, as fractions in [0, 1].</summary>
    public static QuotaRequest Share(double min, double max) => new(min, max, true);

    /// <summary>The request in counts for a manager whose capacity is <paramref name="capacity"/>.</summary>
    internal (int Min, int Max) Resolve(int capacity)
    {
        if (!Relative)
        {
            return ((int)Min, (int)Max);
        }

        // A hair of slack so 0.05 × 40 is 2, not 3: shares are written in decimal, products land a rounding error off.
        var min = (int)Math.Ceiling((Min * capacity) - 1e-9);
        return (min, Math.Max(min, (int)Math.Floor((Max * capacity) + 1e-9)));
    }

    internal void Validate(string path)
    {
        if (Relative)
        {
            Guard.That(Min is >= 0 and <= 1, $"{path}.Min", Min, $"{path}.Min must be a fraction in [0, 1].");
            Guard.That(Max >= Min && Max <= 1, $"{path}.Max", Max, $"{path}.Max must be a fraction in [Min, 1].");
            return;
        }

        Guard.That(Min >= 0 && Min <= int.MaxValue && Min == Math.Floor(Min), $"{path}.Min", Min, $"{path}.Min must be a whole count >= 0.");
        Guard.That(Max >= Min && Max <= int.MaxValue && Max == Math.Floor(Max), $"{path}.Max", Max, $"{path}.Max must be a whole count >= Min.");
    }
}
