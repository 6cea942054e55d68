using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network.Politeness;

/// <summary>Columns of the politeness metric.</summary>
internal static class PolitenessColumns
{
    public static readonly Column RedialsPerSecond = new("rude_redials_per_s", "dials per second", "Dials by the group's nodes to a peer that pruned them within the redial window, per second of the interval.", Format: "0.####")
    {
        Plot = "rude-redials",
    };

    public static readonly Column Redials = new("redials_of_pruning_peer", "dials", "Dials by the group's nodes to a peer that pruned them within the redial window (network.redialWindow).", Format: "0")
    {
        Headline = true,
    };
}
