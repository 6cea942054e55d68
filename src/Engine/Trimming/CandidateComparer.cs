namespace ConnMgr.Engine.Trimming;

/// <summary>What comes right after the bucket in a <see cref="CandidateComparer"/>.</summary>
internal enum PrimaryKey : byte
{
    Score,
    OldestFirst,
    NewestFirst,
}

/// <summary>
/// Bucket, then the primary key, then score (if not primary), then the tie-breakers, then peer rank: a total order, so
/// sorting is deterministic although <see cref="MemoryExtensions.Sort{T, TComparer}(Span{T}, TComparer)"/> is not stable.
/// A struct so the sort is specialised and allocation-free.
/// </summary>
internal readonly struct CandidateComparer(PrimaryKey primary, TieBreaker[] tieBreakers) : IComparer<TrimCandidate>
{
    public int Compare(TrimCandidate x, TrimCandidate y) => Compare(in x, in y);

    public int Compare(in TrimCandidate x, in TrimCandidate y)
    {
        var c = x.Bucket.CompareTo(y.Bucket);
        if (c != 0)
        {
            return c;
        }

        c = primary switch
        {
            PrimaryKey.OldestFirst => x.ConnectedAtTicks.CompareTo(y.ConnectedAtTicks),
            PrimaryKey.NewestFirst => y.ConnectedAtTicks.CompareTo(x.ConnectedAtTicks),
            _ => 0,
        };
        if (c != 0)
        {
            return c;
        }

        c = x.Score.CompareTo(y.Score);
        if (c != 0)
        {
            return c;
        }

        foreach (var t in tieBreakers)
        {
            c = Compare(t, x, y);
            if (c != 0)
            {
                return c;
            }
        }

        return x.PeerRank.CompareTo(y.PeerRank);
    }

    private static int Compare(TieBreaker t, in TrimCandidate x, in TrimCandidate y) => t switch
    {
        TieBreaker.OldestFirst => x.ConnectedAtTicks.CompareTo(y.ConnectedAtTicks),
        TieBreaker.NewestFirst => y.ConnectedAtTicks.CompareTo(x.ConnectedAtTicks),
        TieBreaker.InboundFirst => y.Inbound.CompareTo(x.Inbound),
        TieBreaker.FewerStreamsFirst => x.Streams.CompareTo(y.Streams),
        TieBreaker.MoreStreamsFirst => y.Streams.CompareTo(x.Streams),
        TieBreaker.ZeroStreamsFirst => (x.Streams == 0 ? 0 : 1).CompareTo(y.Streams == 0 ? 0 : 1),
        TieBreaker.TransientFirst => y.Transient.CompareTo(x.Transient),
        _ => 0,
    };
}
