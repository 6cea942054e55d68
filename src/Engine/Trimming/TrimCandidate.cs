namespace ConnMgr.Engine.Trimming;

/// <summary>
/// One trim candidate as a policy sees it: a whole peer, or a single connection when the manager closes connections.
/// </summary>
public readonly struct TrimCandidate
{
    internal TrimCandidate(int slot, int connection, int score, long connectedAtTicks, int peerRank, int streams, CandidateFlags flags, byte subsystem, int networkGroup, long latencyTicks, long lastUsefulTicks, int units)
    {
        Slot = slot;
        Connection = connection;
        Score = score;
        ConnectedAtTicks = connectedAtTicks;
        PeerRank = peerRank;
        Streams = streams;
        Flags = flags;
        Subsystem = subsystem;
        NetworkGroup = networkGroup;
        LatencyTicks = latencyTicks;
        LastUsefulTicks = lastUsefulTicks;
        Units = units;
    }

    /// <summary>The peer's score (higher is more valuable).</summary>
    public int Score { get; }

    /// <summary>When the peer (or connection) connected, in UTC ticks.</summary>
    public long ConnectedAtTicks { get; }

    /// <summary>
    /// A number in the order of the peer ids (the id itself for int keys, else its rank among the candidates):
    /// the final, deterministic tie-break. Candidates of one peer share it.
    /// </summary>
    public int PeerRank { get; }

    /// <summary>Open streams on the peer (or connection).</summary>
    public int Streams { get; }

    /// <summary>True when the peer holds an inbound connection (or the connection is inbound).</summary>
    public bool Inbound => (Flags & CandidateFlags.Inbound) != 0;

    /// <summary>True for a tag-only entry without connections (go's temporary entries): closing it frees memory only.</summary>
    public bool Temporary => (Flags & CandidateFlags.Temporary) != 0;

    /// <summary>True for a transient connection (a short exchange such as a DHT query).</summary>
    public bool Transient => (Flags & CandidateFlags.Transient) != 0;

    /// <summary>True for a transient connection past its grace with no open stream: trimmed first.</summary>
    public bool IdleTransient => (Flags & CandidateFlags.IdleTransient) != 0;

    /// <summary>The host-assigned network group (e.g. an IP /16), or -1.</summary>
    public int NetworkGroup { get; }

    /// <summary>Measured latency in ticks, or long.MaxValue when unknown.</summary>
    public long LatencyTicks { get; }

    /// <summary>When the peer was last useful (a bump or <c>MarkUseful</c>), in UTC ticks; 0 if never.</summary>
    public long LastUsefulTicks { get; }

    /// <summary>The subsystem index the peer is attributed to.</summary>
    public byte Subsystem { get; }

    internal int Slot { get; }

    internal int Connection { get; }

    internal CandidateFlags Flags { get; }

    /// <summary>How much closing this candidate reduces the count (connections of the peer, or 1).</summary>
    internal int Units { get; }

    /// <summary>A copy with <see cref="PeerRank"/> set.</summary>
    internal TrimCandidate WithRank(int rank) =>
        new(Slot, Connection, Score, ConnectedAtTicks, rank, Streams, Flags, Subsystem, NetworkGroup, LatencyTicks, LastUsefulTicks, Units);

    /// <summary>A copy marking the candidate as closed (no slot), so later passes skip it.</summary>
    internal TrimCandidate AsClosed() =>
        new(-1, -1, Score, ConnectedAtTicks, PeerRank, Streams, Flags, Subsystem, NetworkGroup, LatencyTicks, LastUsefulTicks, 0);

    /// <summary>0 = tag-only entries, 1 = idle transients, 2 = the rest: buckets every policy honours first.</summary>
    internal int Bucket => Temporary ? 0 : IdleTransient ? 1 : 2;
}

/// <summary>Bit flags of a <see cref="TrimCandidate"/>.</summary>
[Flags]
internal enum CandidateFlags : byte
{
    None = 0,
    Inbound = 1,
    Temporary = 2,
    Transient = 4,
    IdleTransient = 8,
}
