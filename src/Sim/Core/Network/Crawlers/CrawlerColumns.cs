using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network.Crawlers;

/// <summary>Columns of the crawler model.</summary>
internal static class CrawlerColumns
{
    public static readonly Column Bursts = new("crawler_bursts", "bursts", "Crawler bursts started by the group's nodes (each dials its peers within a second).", Format: "0");
}
