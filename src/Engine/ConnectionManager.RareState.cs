using ConnMgr.Engine.Events;
using ConnMgr.Engine.Internal;

namespace ConnMgr.Engine;

public sealed partial class ConnectionManager<TPeer>
{
    /// <summary>
    /// State only features off by default touch (and a first reservation, spent once). One struct declared after the
    /// hot fields: the runtime lays out a class's references before its structs, so these ten words would otherwise sit
    /// among the ones every connect reads (benchmarks/README.md, twenty-ninth step).
    /// </summary>
    private struct RareState
    {
        /// <summary>Connections the host announced (<see cref="ExpectConnection"/>), let past the per-peer limit once.</summary>
        public List<(TPeer Peer, Direction Direction)>? Expected;

        /// <summary>The last <see cref="ConnectionManagerOptions.CloseRecords"/> close records, a ring.</summary>
        public CloseRecord<TPeer>[]? CloseRing;

        /// <summary>Where the next close record goes in <see cref="CloseRing"/>.</summary>
        public int CloseNext;

        /// <summary>Close records held, at most the ring's length.</summary>
        public int CloseCount;

        /// <summary>The trim in progress, for the records of what it closes; null when records are off or no trim runs.</summary>
        public TrimInputs? TrimInputs;

        /// <summary>Where the first reservation is carved from; null once it is (see <see cref="ReserveTables"/>).</summary>
        public TableArena? Tables;

        /// <summary>Weights that multiply static tags in scores, by tag id (<see cref="SetTagWeight"/>); null until one is set.</summary>
        public int[]? TagWeights;

        /// <summary>The stream of backoff jitter and random trims, seeded by <see cref="ConnectionManagerOptions.RandomSeed"/>.</summary>
        public Random? Random;

        /// <summary>Flow-budget and dial-window state; null when the options set neither.</summary>
        public DialLedger? Ledger;

        /// <summary>Hashes of peers seen connected, for <see cref="ConnectionManagerOptions.NewcomerSlots"/>.</summary>
        public SeenPeers? Seen;

        /// <summary>Manual trims run (<see cref="TrimOpenConns"/>): a caller that waited for the lock while one ran joins it.</summary>
        public long ManualTrims;
    }
}
