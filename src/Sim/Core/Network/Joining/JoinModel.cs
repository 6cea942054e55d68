using ConnMgr.Sim.Kernel;
using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network.Joining;

/// <summary>
/// How long a new node takes to join (connection manager v2's "room for newcomers"; lighthouse PR #1383, sigp/anchor
/// #135: full nodes refuse whoever comes late). A node of a group with <c>joinTarget</c> that first comes online after
/// the start — churn's <c>initiallyOnline</c> below 1 brings them in later — is new to every other node; its join time
/// runs from that start until it holds joinTarget connections. A first session that ends, or a run that ends, before
/// then counts as unfinished. Later sessions are returns, not joins, and are not measured. A node's count is checked
/// when one of its own ends opens (<see cref="EndOpened"/>), and the times and unfinished joins are kept per group and
/// partition, so each partition's thread writes only its own.
/// </summary>
internal sealed class JoinModel : NetworkModel
{
    public static readonly ModelRegistration Registration = new(
        new ColumnGroup("joining", RunMode.Network, [], JoinColumns.Summary),
        JoinColumns.Expectations,
        (net, _) => net.Spec.Groups.Any(g => g.JoinTarget is not null) ? new JoinModel(net) : null);

    private const long NotJoining = -1;

    private readonly INetwork _net;
    private readonly long[] _startedAt;
    private readonly bool[] _everUp;
    /// <summary>Join times per group and partition (<see cref="SlotOf"/>), kept exactly (at most one per node, so no histogram is needed).</summary>
    private readonly List<double>[] _times;
    private readonly int[] _unfinished;

    private JoinModel(INetwork net)
    {
        _net = net;
        _startedAt = new long[net.Nodes];
        Array.Fill(_startedAt, NotJoining);
        _everUp = new bool[net.Nodes];
        _times = [.. Enumerable.Range(0, NodePartition.TallyCount(net.Spec.Groups.Count)).Select(_ => new List<double>())];
        _unfinished = new int[NodePartition.TallyCount(net.Spec.Groups.Count)];
    }

    /// <inheritdoc/>
    public override bool RunsInPartitions => true;

    public override IReadOnlyList<Column> SummaryColumns => JoinColumns.Summary;

    public override void NodeUp(int node, DownCause cause)
    {
        var first = !_everUp[node];
        _everUp[node] = true;
        if (first && _net.Clock.NowTicks > _net.Clock.Start.UtcTicks && _net.Spec.Groups[_net.GroupOf(node)].JoinTarget is not null)
        {
            _startedAt[node] = _net.Clock.NowTicks;
        }
    }

    public override void NodeDown(int node, DownCause cause)
    {
        if (_startedAt[node] != NotJoining)
        {
            _unfinished[SlotOf(node)]++;
            _startedAt[node] = NotJoining;
        }
    }

    public override void EndOpened(int dialer, int listener, ConnectionEnds ends)
    {
        if ((ends & ConnectionEnds.Dialer) != 0)
        {
            Check(dialer);
        }

        if ((ends & ConnectionEnds.Listener) != 0)
        {
            Check(listener);
        }
    }

    public override void Summarize(int group, Span<double> values)
    {
        var (first, count) = group >= 0 ? _net.GroupRange(group) : (0, _net.Nodes);
        var slots = group >= 0 ? NodePartition.TalliesOf(group) : Enumerable.Range(0, _times.Length).ToArray();
        var times = slots.SelectMany(s => _times[s]).ToList();
        var unfinished = slots.Sum(s => _unfinished[s]);
        long admitted = 0;
        for (var node = first; node < first + count; node++)
        {
            unfinished += _startedAt[node] != NotJoining ? 1 : 0; // still joining when the run ended
            admitted += _net.Engine(node).Metrics.NewcomersAdmitted;
        }

        times.Sort();
        values[0] = times.Count;
        values[1] = Quantile(times, 0.5);
        values[2] = Quantile(times, 0.95);
        values[3] = times.Count + unfinished == 0 ? double.NaN : (double)unfinished / (times.Count + unfinished);
        values[4] = admitted;
    }

    private void Check(int node)
    {
        var started = _startedAt[node];
        if (started == NotJoining || _net.Engine(node).Connections < _net.Spec.Groups[_net.GroupOf(node)].JoinTarget)
        {
            return;
        }

        _times[SlotOf(node)].Add(TimeSpan.FromTicks(_net.Clock.NowTicks - started).TotalSeconds);
        _startedAt[node] = NotJoining;
    }

    /// <summary>A node's place in the tallies kept per group and partition.</summary>
    private int SlotOf(int node) => NodePartition.TallyOf(_net.GroupOf(node), node);

    /// <summary>Nearest-rank quantile of sorted values; NaN when none.</summary>
    private static double Quantile(List<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}
