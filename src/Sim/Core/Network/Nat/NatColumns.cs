using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network.Nat;

/// <summary>Columns of the NAT router model (empty for groups without a router).</summary>
internal static class NatColumns
{
    public static readonly Column OccupancyMean = new("nat_occupancy_mean", "share of entries", "Mean over the group's routers of NAT entries in use over the table size, at the sample.", Across.MeanOfGroups) { Plot = "routers" };
    public static readonly Column OccupancyMax = new("nat_occupancy_max", "share of entries", "Fullest router of the group at the sample.", Across.Max) { Plot = "routers", Style = SeriesStyle.Dotted };
    public static readonly Column DropsPerSecond = new("router_drops_per_s", "connections per second", "New connections refused by full NAT tables (behaviour drop), per second of the interval.") { Plot = "router-failures" };
    public static readonly Column DeathsPerSecond = new("router_deaths_per_s", "routers per second", "Routers that died of a full table (behaviour die), per second of the interval.") { Plot = "router-failures", Style = SeriesStyle.Dashed };
    public static readonly Column Dead = new("routers_dead", "routers", "Routers of the group down (rebooting) at the sample.", Format: "0") { Plot = "routers-dead" };

    public static readonly Column Deaths = new("router_deaths", "routers", "Routers that died of a full NAT table (behaviour die).", Format: "0") { Headline = true };
    public static readonly Column Drops = new("router_drops", "connections", "New connections refused by a full NAT table (behaviour drop).", Format: "0");
    public static readonly Column Evictions = new("router_evictions", "entries", "Lingering NAT entries evicted for a new connection (behaviour evictOldest).", Format: "0");
    public static readonly Column Occupancy = new("nat_occupancy_mean", "share of entries", "Time mean (over trace samples) of the group's mean NAT occupancy.", Across.Ratio) { Headline = true };

    public static readonly IReadOnlyList<Column> Trace = [OccupancyMean, OccupancyMax, DropsPerSecond, DeathsPerSecond, Dead];

    public static readonly IReadOnlyList<Column> Summary = [Deaths, Drops, Evictions, Occupancy];
}
