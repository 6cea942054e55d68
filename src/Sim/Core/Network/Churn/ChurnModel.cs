using ConnMgr.Sim.Kernel;
using ConnMgr.Sim.Randomness;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Network.Churn;

/// <summary>
/// Who is online: at the start each node of a churning group is online with its group's initial probability;
/// sessions and off-times are drawn from the group's distributions (Weibull in the shipped scenarios: P2P session
/// lengths fit Weibull with shape 0.34–0.59, Stutzbach &amp; Rejaie, IMC 2006); bootstrap storms restart a share of
/// all nodes within a window. A generation counter per node voids the pending transitions of an ended session.
/// Each node draws its sessions and off-times from its own streams; who starts online and the storms draw from
/// shared ones, since each runs as one event over the whole network.
/// </summary>
internal sealed class ChurnModel : NetworkModel, IEventHandler
{
    public static readonly ModelRegistration Registration = new(
        new ColumnGroup("churn", RunMode.Network, [], ChurnColumns.Summary) { Files = [("session-lengths.csv", [ChurnColumns.Quantile, ChurnColumns.Length])] },
        ChurnColumns.Expectations,
        (net, _) => new ChurnModel(net));

    private const int KLeave = 0, KJoin = 1, KStorm = 2;

    private readonly INetwork _net;
    private readonly int _handler;
    private readonly Random _churnRng, _stormRng;
    private readonly DurationSampler?[] _sessions, _offTimes;
    private readonly PerNodeStream _sessionRng, _offTimeRng;
    private readonly int[] _generation;
    /// <summary>Sessions started and the lengths drawn, per group and partition (<see cref="SlotOf"/>): each partition's thread keeps its own.</summary>
    private readonly long[] _joins;
    private readonly SessionHistogram?[] _drawn;

    private ChurnModel(INetwork net)
    {
        _net = net;
        _handler = net.Clock.Register(this);
        _churnRng = RandomStreams.For(net.Seed, "net-churn");
        _stormRng = RandomStreams.For(net.Seed, "net-storm");
        var groups = net.Spec.Groups;
        var perNode = PerNodeStream.Interleaved(net.Seed, net.Nodes, "net-session", "net-offtime");
        (_sessionRng, _offTimeRng) = (perNode[0], perNode[1]);
        _sessions = new DurationSampler?[groups.Count];
        _offTimes = new DurationSampler?[groups.Count];
        _joins = new long[NodePartition.TallyCount(groups.Count)];
        _drawn = new SessionHistogram?[NodePartition.TallyCount(groups.Count)];
        for (var g = 0; g < groups.Count; g++)
        {
            if (groups[g].Churn is { } churn)
            {
                _sessions[g] = new DurationSampler(churn.Session, random: null);
                _offTimes[g] = new DurationSampler(churn.OffTime, random: null);
                foreach (var tally in NodePartition.TalliesOf(g))
                {
                    _drawn[tally] = new SessionHistogram();
                }
            }
        }

        _generation = new int[net.Nodes];
    }

    /// <inheritdoc/>
    public override bool RunsInPartitions => true;

    /// <inheritdoc/>
    public override IReadOnlyList<Column> SummaryColumns => ChurnColumns.Summary;

    /// <summary>Takes <paramref name="node"/> offline now (as churn does); its pending transitions are void.</summary>
    public void TakeOffline(int node)
    {
        _generation[node]++;
        Leave(node);
    }

    /// <summary>Brings <paramref name="node"/> online now; its pending transitions are void.</summary>
    public void BringOnline(int node)
    {
        _generation[node]++;
        _net.BringUp(node, DownCause.Offline);
    }

    public override void Start()
    {
        var now = _net.Clock.NowTicks;
        for (var i = 0; i < _net.Nodes; i++)
        {
            var g = _net.GroupOf(i);
            var churn = _net.Spec.Groups[g].Churn;
            if (churn is null || _churnRng.NextDouble() < churn.InitiallyOnline)
            {
                _net.BringUp(i, DownCause.Offline);
            }
            else
            {
                _net.Clock.Schedule(now + _offTimes[g]!.SampleTicks(_offTimeRng.At(i)), _handler, KJoin, i, _generation[i]);
            }
        }

        for (var s = 0; s < _net.Spec.Storms.Count; s++)
        {
            _net.Clock.Schedule(now + _net.Spec.Storms[s].At.Ticks, _handler, KStorm, s);
        }
    }

    /// <summary>A session starts: its end is drawn now.</summary>
    public override void NodeUp(int node, DownCause cause)
    {
        if (cause != DownCause.Offline)
        {
            return;
        }

        var g = _net.GroupOf(node);
        _joins[SlotOf(node)]++;
        if (_sessions[g] is { } session)
        {
            var length = session.SampleTicks(_sessionRng.At(node));
            _drawn[SlotOf(node)]!.Add(length);
            _net.Clock.Schedule(_net.Clock.NowTicks + length, _handler, KLeave, node, _generation[node]);
        }
    }

    /// <summary>Sessions started, and the quantiles of the lengths drawn (NaN for a group without churn).</summary>
    public override void Summarize(int group, Span<double> values)
    {
        values[0] = group < 0 ? _joins.Sum() : NodePartition.GroupTotal(_joins, group);
        var drawn = Drawn(group);
        values[1] = drawn?.QuantileHours(0.5) ?? double.NaN;
        values[2] = drawn?.QuantileHours(0.8) ?? double.NaN;
    }

    /// <summary>session-lengths.csv: the drawn session lengths' quantiles per churning group.</summary>
    public override IEnumerable<DistributionTable> Distributions()
    {
        var rows = new List<(string, double, double[])>();
        for (var g = 0; g < _net.Spec.Groups.Count; g++)
        {
            if (Drawn(g) is { Count: > 0 } drawn)
            {
                rows.AddRange(ChurnColumns.Quantiles.Select(q => (_net.Spec.Groups[g].Name, q, new[] { drawn.QuantileHours(q) })));
            }
        }

        yield return new DistributionTable("session-lengths.csv", ChurnColumns.Quantile, [ChurnColumns.Length], rows);
    }

    /// <summary>The lengths group <paramref name="group"/> drew, or every churning group's (-1); null when none churns.</summary>
    private SessionHistogram? Drawn(int group)
    {
        SessionHistogram? total = null;
        foreach (var slot in group < 0 ? Enumerable.Range(0, _drawn.Length) : NodePartition.TalliesOf(group))
        {
            if (_drawn[slot] is { } h)
            {
                h.AddTo(total ??= new SessionHistogram());
            }
        }

        return total;
    }

    /// <summary>A node's place in the tallies kept per group and partition.</summary>
    private int SlotOf(int node) => NodePartition.TallyOf(_net.GroupOf(node), node);

    /// <summary>A node leaving or joining belongs to that node; a storm touches a fraction of the network at once.</summary>
    int IEventHandler.Owner(in SimEvent e) => e.Kind == KStorm ? -1 : e.A;

    void IEventHandler.Handle(in SimEvent e)
    {
        switch (e.Kind)
        {
            case KLeave when _generation[e.A] == e.B:
                Leave(e.A);
                break;
            case KJoin when _generation[e.A] == e.B:
                _net.BringUp(e.A, DownCause.Offline);
                break;
            case KStorm:
                Storm(_net.Spec.Storms[e.A]);
                break;
        }
    }

    private void Leave(int node)
    {
        if (_net.TakeDown(node, DownCause.Offline) && _offTimes[_net.GroupOf(node)] is { } off)
        {
            _net.Clock.Schedule(_net.Clock.NowTicks + off.SampleTicks(_offTimeRng.At(node)), _handler, KJoin, node, _generation[node]);
        }
    }

    /// <summary>Restarts: each chosen node leaves now and comes back within the window; its old session's transitions are void.</summary>
    private void Storm(StormSpec storm)
    {
        var window = Math.Max(1, storm.Window.Ticks);
        for (var i = 0; i < _net.Nodes; i++)
        {
            if (_stormRng.NextDouble() >= storm.Fraction)
            {
                continue;
            }

            _net.TakeDown(i, DownCause.Offline);
            _generation[i]++;
            _net.Clock.Schedule(_net.Clock.NowTicks + (long)(_stormRng.NextDouble() * window), _handler, KJoin, i, _generation[i]);
        }
    }
}
