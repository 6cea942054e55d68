using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network.Joining;

/// <summary>
/// How long a new node takes to join (connection manager v2's "room for newcomers"; lighthouse PR #1383, sigp/anchor
/// #135: full nodes refuse whoever comes late). A node of a group with <c>joinTarget</c> that first comes online after
/// the start — churn's <c>initiallyOnline</c> below 1 brings them in later — is new to every other node; its join time
/// runs from that start until it holds joinTarget connections. A first session that ends, or a run that ends, before
/// then counts as unfinished. Later sessions are returns, not joins, and are not measured.
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
    /// <summary>Join times per group, kept exactly (at most one per node, so no histogram is needed).</summary>
    private readonly List<double>[] _times;
    private readonly int[] _unfinished;

    private JoinModel(INetwork net)
    {
        _net = net;
        _startedAt = new long[net.Nodes];
        Array.Fill(_startedAt, NotJoining);
        _everUp = new bool[net.Nodes];
        _times = [.. net.Spec.Groups.Select(_ => new List<double>())];
        _unfinished = new int[net.Spec.Groups.Count];
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
            _unfinished[_net.GroupOf(node)]++;
            _startedAt[node] = NotJoining;
        }
    }

    public override void Connected(int dialer, int listener, ConnectPurpose purpose)
    {
        Check(dialer);
        Check(listener);
    }

    public override void Summarize(int group, Span<double> values)
    {
        var (first, count) = group >= 0 ? _net.GroupRange(group) : (0, _net.Nodes);
        var times = group >= 0 ? _times[group] : [.. _times.SelectMany(t => t)];
        var unfinished = group >= 0 ? _unfinished[group] : _unfinished.Sum();
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

        _times[_net.GroupOf(node)].Add(TimeSpan.FromTicks(_net.Clock.NowTicks - started).TotalSeconds);
        _startedAt[node] = NotJoining;
    }

    /// <summary>Nearest-rank quantile of sorted values; NaN when none.</summary>
    private static double Quantile(List<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}
