using ConnMgr.Sim.Kernel;
using ConnMgr.Sim.Randomness;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Network.Crawlers;

/// <summary>
/// Crawler bursts: at exponential times a random online node dials many random peers within one second; each
/// connection asks for the routing table and closes at once (a probe), so what it costs is NAT entries, admission
/// work and the other end's engine churn.
/// </summary>
internal sealed class CrawlerModel : NetworkModel, IEventHandler
{
    public static readonly ModelRegistration Registration = new(
        new ColumnGroup("crawlers", RunMode.Network, [], [CrawlerColumns.Bursts]),
        [],
        (net, _) => net.Spec.Crawlers is { PerHour: > 0 } c ? new CrawlerModel(net, c) : null);

    private readonly INetwork _net;
    private readonly CrawlerSpec _spec;
    private readonly int _handler;
    private readonly Random _rng;
    private readonly long[] _bursts;

    private CrawlerModel(INetwork net, CrawlerSpec spec)
    {
        _net = net;
        _spec = spec;
        _handler = net.Clock.Register(this);
        _rng = RandomStreams.For(net.Seed, "net-crawler");
        _bursts = new long[net.Spec.Groups.Count];
    }

    /// <inheritdoc/>
    public override bool RunsInPartitions => true;

    /// <inheritdoc/>
    public override IReadOnlyList<Column> SummaryColumns => [CrawlerColumns.Bursts];

    public override void Start() => _net.Clock.Schedule(_net.Clock.NowTicks + NextCrawl(), _handler, 0);

    public override void Summarize(int group, Span<double> values) => values[0] = group < 0 ? _bursts.Sum() : _bursts[group];

    void IEventHandler.Handle(in SimEvent e)
    {
        var node = _rng.Next(_net.Nodes);
        if (_net.IsOnline(node))
        {
            _bursts[_net.GroupOf(node)]++;
            for (var k = 0; k < _spec.Peers; k++)
            {
                var target = _rng.Next(_net.Nodes);
                if (target != node)
                {
                    _net.Dial(node, target, (long)(_rng.NextDouble() * TimeSpan.TicksPerSecond), ConnectPurpose.Crawl);
                }
            }
        }

        _net.Clock.Schedule(_net.Clock.NowTicks + NextCrawl(), _handler, 0);
    }

    private long NextCrawl() => Math.Max(1, (long)(-Math.Log(1 - _rng.NextDouble()) / _spec.PerHour * TimeSpan.TicksPerHour));
}
