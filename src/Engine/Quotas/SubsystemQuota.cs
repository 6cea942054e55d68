namespace ConnMgr.Engine.Quotas;

/// <summary>
/// A subsystem's share of the connection budget. Trimming never takes a subsystem below <see cref="Reserved"/> while
/// any other subsystem is above its own reserve, and takes from a subsystem above <see cref="Max"/> first.
/// Counts are in the manager's counting unit (peers by default).
/// </summary>
/// <param name="Name">Subsystem name, e.g. <c>pubsub</c>, <c>dht</c>, <c>bitswap</c>. Unattributed peers count as <c>other</c>.</param>
/// <param name="Reserved">Reserved minimum; ≥ 0.</param>
/// <param name="Max">Maximum share; ≥ Reserved. Default: unbounded.</param>
public sealed record SubsystemQuota(string Name, int Reserved = 0, int Max = int.MaxValue)
{
    /// <summary>The subsystem every unattributed peer belongs to.</summary>
    public const string Other = "other";

    internal void Validate(string path)
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException($"{path}.Name must be a non-empty subsystem name.", path);
        }

        Guard.NonNegative(Reserved, $"{path}.Reserved");
        if (Max < Reserved)
        {
            throw new ArgumentOutOfRangeException(path, Max, $"{path}.Max must be >= Reserved ({Reserved}).");
        }
    }
}
