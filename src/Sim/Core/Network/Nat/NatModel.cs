using ConnMgr.Sim.Kernel;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Network.Nat;

/// <summary>
/// Residential routers: a NAT entry per open connection at each end that has a router, held for a linger time after
/// the connection closes. A full table drops the new connection, evicts the oldest lingering entry, or dies (every
/// connection of the node closes, the node is down for the reboot time and the table is empty afterwards).
/// Lingering entries are released lazily from a FIFO per group and partition (<see cref="LingerQueue"/>) whenever a count is
/// read — before an admission and before a sample — so a closed connection costs no kernel event. An unanswered dial
/// takes an entry at the dialer's router for the group's failed-dial linger (conntrack's SYN_SENT timeout), from a
/// second FIFO, so entries held by failed attempts are counted apart from established ones.
/// </summary>
internal sealed class NatModel : NetworkModel, IEventHandler
{
    public static readonly ModelRegistration Registration = new(
        new ColumnGroup("nat", RunMode.Network, NatColumns.Trace, NatColumns.Summary),
        NatColumns.Expectations,
        (net, _) => net.Spec.Groups.Any(g => g.Router is not null) ? new NatModel(net) : null);

    private const int KRevive = 1;

    private readonly INetwork _net;
    private readonly SimClock _clock;
    private readonly int _handler;
    private readonly int[] _capacity;
    private readonly long[] _linger;
    private readonly long[] _failedLinger;
    private readonly RouterBehaviour[] _onFull;
    private readonly int[] _used;
    private readonly int[] _failed;
    private readonly int[] _lingerEvicted;
    private readonly int[] _generation;
    private readonly NatGroupStats[] _stats;
    /// <summary>Router events per group and partition (<see cref="QueueOf"/>): each partition's thread counts its own.</summary>
    private readonly long[] _drops, _deaths, _evictions;
    private readonly LingerQueue[] _lingering;
    private readonly LingerQueue[] _failedLingering;
    private readonly CountDistribution _entries = new();
    private readonly CountDistribution _failedEntries = new();

    private NatModel(INetwork net)
    {
        _net = net;
        _handler = net.Clock.Register(this);
        _clock = net.Clock;
        _capacity = [.. net.Spec.Groups.Select(g => g.Router?.NatEntries ?? 0)];
        _linger = [.. net.Spec.Groups.Select(g => g.Router?.Linger.Ticks ?? 0)];
        _failedLinger = [.. net.Spec.Groups.Select(g => g.Router?.FailedDialLinger.Ticks ?? 0)];
        _onFull = [.. net.Spec.Groups.Select(g => g.Router?.OnFull ?? RouterBehaviour.Drop)];
        _stats = [.. net.Spec.Groups.Select(_ => new NatGroupStats())];
        var tallies = NodePartition.TallyCount(net.Spec.Groups.Count);
        (_drops, _deaths, _evictions) = (new long[tallies], new long[tallies], new long[tallies]);
        _lingering = [.. Enumerable.Range(0, tallies).Select(_ => new LingerQueue())];
        _failedLingering = [.. Enumerable.Range(0, tallies).Select(_ => new LingerQueue())];
        _used = new int[net.Nodes];
        _failed = new int[net.Nodes];
        _lingerEvicted = new int[net.Nodes];
        _generation = new int[net.Nodes];
    }

    /// <summary>Ready: with split dials each router takes its entry in its own node's event (per-end admission).</summary>
    public override bool RunsInPartitions => true;

    /// <inheritdoc/>
    public override IReadOnlyList<Column> TraceColumns => NatColumns.Trace;

    /// <inheritdoc/>
    public override IReadOnlyList<Column> SummaryColumns => NatColumns.Summary;

    /// <summary>NAT entries in use at <paramref name="node"/>'s router.</summary>
    public int Used(int node)
    {
        ReleaseDue(QueueOf(node));
        return _used[node];
    }

    public override bool Admit(int dialer, int listener, ConnectionEnds ends)
    {
        if ((ends & ConnectionEnds.Dialer) != 0 && !Take(dialer))
        {
            return false;
        }

        if ((ends & ConnectionEnds.Listener) != 0 && !Take(listener))
        {
            if ((ends & ConnectionEnds.Dialer) != 0)
            {
                ReleaseNow(dialer);
            }

            return false;
        }

        return true;
    }

    public override void AdmitCancelled(int dialer, int listener, ConnectionEnds ends)
    {
        if ((ends & ConnectionEnds.Dialer) != 0)
        {
            ReleaseNow(dialer);
        }

        if ((ends & ConnectionEnds.Listener) != 0)
        {
            ReleaseNow(listener);
        }
    }

    /// <summary>An unanswered dial holds an entry at the dialer's router for the failed-dial linger (a full table applies its behaviour).</summary>
    public override void DialFailed(int dialer, int peer)
    {
        var g = _net.GroupOf(dialer);
        if (_failedLinger[g] == 0 || !Take(dialer))
        {
            return;
        }

        _failed[dialer]++;
        _failedLingering[QueueOf(dialer)].Enqueue(_clock.NowTicks + _failedLinger[g], dialer, _generation[dialer]);
    }

    /// <summary>A closed end's entry lingers before it is released.</summary>
    public override void EndClosed(int dialer, int listener, ConnectionEnds ends)
    {
        if ((ends & ConnectionEnds.Dialer) != 0)
        {
            Linger(dialer);
        }

        if ((ends & ConnectionEnds.Listener) != 0)
        {
            Linger(listener);
        }
    }

    public override void Sample(int group, double intervalSeconds, Span<double> values)
    {
        var cap = _capacity[group];
        if (cap == 0)
        {
            values.Fill(double.NaN);
            return;
        }

        foreach (var queue in NodePartition.TalliesOf(group))
        {
            ReleaseDue(queue);
        }

        var (first, count) = _net.GroupRange(group);
        double sum = 0, max = 0;
        var dead = 0;
        _entries.Clear();
        _failedEntries.Clear();
        for (var i = first; i < first + count; i++)
        {
            var occupancy = _used[i] / (double)cap;
            sum += occupancy;
            max = Math.Max(max, occupancy);
            dead += _net.IsDown(i, DownCause.RouterDown) ? 1 : 0;
            if (_net.IsOnline(i))
            {
                _entries.Add(_used[i]);
                _failedEntries.Add(_failed[i]);
            }
        }

        var s = _stats[group];
        var p95 = _entries.Quantile(0.95);
        var (drops, deaths) = (NodePartition.GroupTotal(_drops, group), NodePartition.GroupTotal(_deaths, group));
        values[0] = sum / count;
        values[1] = max;
        values[2] = (drops - s.PreviousDrops) / intervalSeconds;
        values[3] = (deaths - s.PreviousDeaths) / intervalSeconds;
        values[4] = dead;
        values[5] = _entries.Mean;
        values[6] = _entries.Quantile(0.5);
        values[7] = p95;
        values[8] = _entries.Max;
        values[9] = _failedEntries.Mean;
        s.PreviousDrops = drops;
        s.PreviousDeaths = deaths;
        s.OccupancySum += sum / count;
        s.EntriesMeanSum += _entries.Mean;
        s.EntriesP95Sum += p95;
        s.FailedMeanSum += _failedEntries.Mean;
        s.EntriesMax = Math.Max(s.EntriesMax, _entries.Max);
        s.Samples++;
    }

    public override void Summarize(int group, Span<double> values)
    {
        if (group >= 0 && _capacity[group] == 0)
        {
            values.Fill(double.NaN);
            return;
        }

        var groups = group < 0 ? [.. Enumerable.Range(0, _stats.Length).Where(g => _capacity[g] > 0)] : new[] { group };
        var stats = groups.Select(g => _stats[g]).ToArray();
        values[0] = groups.Sum(g => NodePartition.GroupTotal(_deaths, g));
        values[1] = groups.Sum(g => NodePartition.GroupTotal(_drops, g));
        values[2] = groups.Sum(g => NodePartition.GroupTotal(_evictions, g));
        var samples = stats.Sum(s => s.Samples);
        double TimeMean(Func<NatGroupStats, double> sum) => samples == 0 ? double.NaN : stats.Sum(sum) / samples;
        values[3] = TimeMean(s => s.OccupancySum);
        values[4] = TimeMean(s => s.EntriesMeanSum);
        values[5] = TimeMean(s => s.EntriesP95Sum);
        values[6] = samples == 0 ? double.NaN : stats.Max(s => s.EntriesMax);
        values[7] = TimeMean(s => s.FailedMeanSum);
    }

    void IEventHandler.Handle(in SimEvent e)
    {
        if (e.Kind == KRevive && _generation[e.A] == e.B)
        {
            _net.BringUp(e.A, DownCause.RouterDown);
        }
    }

    /// <summary>Takes an entry for a new connection; applies the router's behaviour when the table is full.</summary>
    private bool Take(int node)
    {
        var g = _net.GroupOf(node);
        var cap = _capacity[g];
        if (cap == 0)
        {
            return true;
        }

        ReleaseDue(QueueOf(node));
        if (_used[node] < cap)
        {
            _used[node]++;
            return true;
        }

        switch (_onFull[g])
        {
            case RouterBehaviour.EvictOldest when _used[node] - _net.Engine(node).Connections > _lingerEvicted[node]:
                // The oldest entries are the lingering ones (open connections are refreshed by traffic): reuse one;
                // its scheduled release is then skipped.
                _lingerEvicted[node]++;
                _evictions[QueueOf(node)]++;
                return true;
            case RouterBehaviour.Die:
                _deaths[QueueOf(node)]++;
                Die(node);
                return false;
            default:
                _drops[QueueOf(node)]++;
                return false;
        }
    }

    private void Die(int node)
    {
        _net.Log(node, Results.EventKinds.RouterDied, -1, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"nat-entries={_used[node]}"));
        _net.TakeDown(node, DownCause.RouterDown);
        _generation[node]++;
        _used[node] = 0;
        _failed[node] = 0;
        _lingerEvicted[node] = 0;
        _net.Clock.Schedule(_net.Clock.NowTicks + _net.Spec.Groups[_net.GroupOf(node)].Router!.Reboot.Ticks, _handler, KRevive, node, _generation[node]);
    }

    private void Linger(int node)
    {
        var g = _net.GroupOf(node);
        if (_capacity[g] == 0 || _net.IsDown(node, DownCause.RouterDown))
        {
            return;
        }

        _lingering[QueueOf(node)].Enqueue(_clock.NowTicks + _linger[g], node, _generation[node]);
    }

    /// <summary>
    /// A node's lingering entries wait in its group's FIFO for its partition (<see cref="NodePartition"/>), so a
    /// node's events touch only their own partition's FIFO, and a count is exact whenever it is read: reading a node's
    /// count releases its FIFO first.
    /// </summary>
    private int QueueOf(int node) => NodePartition.TallyOf(_net.GroupOf(node), node);

    /// <summary>Releases the lingering entries of FIFO <paramref name="queueIndex"/> (<see cref="QueueOf"/>) whose time has come (at or before now), oldest first.</summary>
    private void ReleaseDue(int queueIndex)
    {
        var queue = _lingering[queueIndex];
        var now = _clock.NowTicks;
        while (queue.TryDequeueDue(now, out var node, out var generation))
        {
            Release(node, generation);
        }

        var failed = _failedLingering[queueIndex];
        while (failed.TryDequeueDue(now, out var node, out var generation))
        {
            if (_generation[node] == generation)
            {
                _failed[node]--;
            }

            Release(node, generation);
        }
    }

    private void ReleaseNow(int node)
    {
        if (_capacity[_net.GroupOf(node)] > 0 && _used[node] > 0)
        {
            _used[node]--;
        }
    }

    private void Release(int node, int generation)
    {
        if (_generation[node] != generation)
        {
            return; // the router rebooted since: its table was cleared
        }

        if (_lingerEvicted[node] > 0)
        {
            _lingerEvicted[node]--;
            return;
        }

        if (_used[node] > 0)
        {
            _used[node]--;
        }
    }

    private sealed class NatGroupStats
    {
        public long PreviousDrops, PreviousDeaths, Samples;
        public double OccupancySum, EntriesMeanSum, EntriesP95Sum, FailedMeanSum;
        public int EntriesMax;
    }
}
