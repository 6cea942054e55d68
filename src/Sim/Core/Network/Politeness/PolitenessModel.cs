using ConnMgr.Engine.Events;
using ConnMgr.Sim.Kernel;
using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network.Politeness;

/// <summary>
/// The politeness metric: a dial to a peer that pruned the dialer less than the redial window ago is a rude redial
/// (the pruning peer's resources are wasted again). A prune counts from when the dialer learns of it (the close's
/// arrival, with delayed closes). Prunes older than the window are forgotten once per trace interval. What a node
/// learned and its rude redials are kept per partition, so each partition's thread writes only its own.
/// </summary>
internal sealed class PolitenessModel : NetworkModel
{
    public static readonly ModelRegistration Registration = new(
        new ColumnGroup("politeness", RunMode.Network, [PolitenessColumns.RedialsPerSecond], [PolitenessColumns.Redials]),
        [new Expectation("rudeRedials", PolitenessColumns.Redials.Name, ExpectationKind.Range, RunMode.Network, "redials of a pruning peer within the window")],
        (net, _) => new PolitenessModel(net));

    private readonly INetwork _net;
    private readonly SimClock _clock;
    private readonly long _window;
    /// <summary>When each node learned that a peer pruned it, by (node, pruner) key; one table per partition.</summary>
    private readonly PruneTimes[] _prunedAt = [new(), new()];
    /// <summary>Rude redials per group and the dialer's partition.</summary>
    private readonly long[] _redials;
    private readonly long[] _previous;

    private PolitenessModel(INetwork net)
    {
        _net = net;
        _clock = net.Clock;
        _window = net.Spec.RedialWindow.Ticks;
        _redials = new long[NodePartition.TallyCount(net.Spec.Groups.Count)];
        _previous = new long[net.Spec.Groups.Count];
    }

    /// <inheritdoc/>
    public override bool RunsInPartitions => true;

    /// <inheritdoc/>
    public override IReadOnlyList<Column> TraceColumns => [PolitenessColumns.RedialsPerSecond];

    /// <inheritdoc/>
    public override IReadOnlyList<Column> SummaryColumns => [PolitenessColumns.Redials];

    public override void DialCompleted(int dialer, int peer)
    {
        if (_prunedAt[NodePartition.Of(dialer)].TryGet(Key(dialer, peer), out var at) && _clock.NowTicks - at <= _window)
        {
            _redials[NodePartition.TallyOf(_net.GroupOf(dialer), dialer)]++;
        }
    }

    public override void PruneHeard(int node, int pruner, PruneReason reason) => _prunedAt[NodePartition.Of(node)].Set(Key(node, pruner), _clock.NowTicks);

    public override void Sample(int group, double intervalSeconds, Span<double> values)
    {
        var redials = Redials(group);
        values[0] = (redials - _previous[group]) / intervalSeconds;
        _previous[group] = redials;
    }

    /// <summary>Forgets prunes older than the window: the map holds only what a rude redial can still match.</summary>
    public override void Sweep()
    {
        foreach (var table in _prunedAt)
        {
            table.RemoveOlderThan(_clock.NowTicks - _window);
        }
    }

    public override void Summarize(int group, Span<double> values) => values[0] = group < 0 ? _redials.Sum() : Redials(group);

    private long Redials(int group) => NodePartition.GroupTotal(_redials, group);

    /// <summary>
    /// (dialer, peer that pruned it), multiplied by an odd constant (a bijection, so keys stay unique). Unmixed, the
    /// key's hash (its halves XORed) was dialer ^ pruner in the dictionary this table replaced: below 2^15 for 20,000
    /// nodes, so 2.8 M prunes shared 32 k hash codes and its chains made this model a third of ipfs.json's run time.
    /// <see cref="PruneTimes"/> takes the product's top bits as the home slot.
    /// </summary>
    private static long Key(int dialer, int pruner) => unchecked((long)((((ulong)(uint)dialer << 32) | (uint)pruner) * 0x9E3779B97F4A7C15UL));
}
