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

    public static readonly Column EntriesMeanNow = new("nat_entries_mean", "entries", "Mean NAT entries in use (open connections, lingering closes and failed dials) over the group's online nodes' routers at the sample.", Across.MeanOfGroups, "0.#") { Plot = "nat-entries" };
    public static readonly Column EntriesP50Now = new("nat_entries_p50", "entries", "Median NAT entries in use over the group's online nodes' routers at the sample.", Across.None, "0") { Plot = "nat-entries", Style = SeriesStyle.Dashed };
    public static readonly Column EntriesP95Now = new("nat_entries_p95", "entries", "95th percentile of NAT entries in use over the group's online nodes' routers at the sample.", Across.Max, "0") { Plot = "nat-entries", Style = SeriesStyle.Dotted };
    public static readonly Column EntriesMaxNow = new("nat_entries_max", "entries", "Fullest router (entries in use) of the group's online nodes at the sample.", Across.Max, "0") { Plot = "nat-entries", Style = SeriesStyle.Dotted };
    public static readonly Column FailedEntriesNow = new("nat_failed_dial_entries_mean", "entries", "Mean NAT entries held by unanswered dials (SYN_SENT linger) over the group's online nodes' routers at the sample.", Across.MeanOfGroups, "0.#") { Plot = "nat-entries", Style = SeriesStyle.Dashed };

    public static readonly Column Deaths = new("router_deaths", "routers", "Routers that died of a full NAT table (behaviour die).", Format: "0") { Headline = true };
    public static readonly Column Drops = new("router_drops", "connections", "New connections refused by a full NAT table (behaviour drop).", Format: "0");
    public static readonly Column Evictions = new("router_evictions", "entries", "Lingering NAT entries evicted for a new connection (behaviour evictOldest).", Format: "0");
    public static readonly Column Occupancy = new("nat_occupancy_mean", "share of entries", "Time mean (over trace samples) of the group's mean NAT occupancy.", Across.Ratio) { Headline = true };

    public static readonly Column EntriesMean = new("nat_entries_mean", "entries", "Time mean (over trace samples) of the group's mean NAT entries in use per online node's router.", Across.Ratio, "0.#");
    public static readonly Column EntriesP95 = new("nat_entries_p95", "entries", "Time mean (over trace samples) of the 95th percentile of NAT entries in use per online node's router: a busy home node.", Across.Ratio, "0.#") { Headline = true };
    public static readonly Column EntriesMax = new("nat_entries_max", "entries", "Most NAT entries in use at one online node's router at any trace sample.", Across.Max, "0");
    public static readonly Column FailedEntriesMean = new("nat_failed_dial_entries_mean", "entries", "Time mean (over trace samples) of the mean NAT entries held by unanswered dials per online node's router.", Across.Ratio, "0.#");

    public static readonly IReadOnlyList<Column> Trace = [OccupancyMean, OccupancyMax, DropsPerSecond, DeathsPerSecond, Dead, EntriesMeanNow, EntriesP50Now, EntriesP95Now, EntriesMaxNow, FailedEntriesNow];

    public static readonly IReadOnlyList<Column> Summary = [Deaths, Drops, Evictions, Occupancy, EntriesMean, EntriesP95, EntriesMax, FailedEntriesMean];

    public static readonly IReadOnlyList<Expectation> Expectations =
    [
        new("routerDeaths", Deaths.Name, ExpectationKind.Range, RunMode.Network, "router deaths") { WhenMissing = "no group has a router" },
        new("natEntriesP95", EntriesP95.Name, ExpectationKind.Range, RunMode.Network, "NAT entries of a busy home node (p95, time mean)") { WhenMissing = "no group has a router" },
        new("natEntriesMean", EntriesMean.Name, ExpectationKind.Range, RunMode.Network, "NAT entries per home node (mean)") { WhenMissing = "no group has a router" },
    ];
}
