using ConnMgr.Sim.Network;
using ConnMgr.Sim.Network.Models;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary>The models' admission per end: with split dials the dialer's end as its SYN leaves, the listener's when it arrives.</summary>
public class PerEndAdmissionTests
{
    private static Scenario Network(DialDelivery dials, RemoteCloses closes = RemoteCloses.HalfRoundTrip)
    {
        var s = NetworkTests.Small(seed: 4, churn: TeardownCounter.Churn(4, 1));
        s.Network!.RemoteCloses = closes;
        s.Network.Dials = dials;
        return s;
    }

    [Test]
    public void SplitDials_AdmitTheDialersEnd_BeforeTheListeners_BySomeMilliseconds()
    {
        var ledger = new EndLedger();
        var runner = ledger.RunnerWith(Network(DialDelivery.Split));
        runner.Clock.RunFor(TimeSpan.FromMinutes(2));
        Assert.That(ledger.BothAtOnce, Is.Zero, "no admission of both ends in one event");
        Assert.That(ledger.ListenerAdmissions, Is.GreaterThan(500));
        Assert.That(ledger.ListenerWithoutEarlierDialer, Is.Zero, "every listener's admission follows its dialer's");
        Assert.That(ledger.ShortestGapTicks, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(5).Ticks), "half the latency apart, at least the 10-ms floor's half");
    }

    [Test]
    public void InstantDials_AdmitBothEndsAtOnce()
    {
        var ledger = new EndLedger();
        var runner = ledger.RunnerWith(Network(DialDelivery.Instant));
        runner.Clock.RunFor(TimeSpan.FromMinutes(2));
        Assert.That(ledger.BothAtOnce, Is.GreaterThan(500));
        Assert.That(ledger.ListenerAdmissions, Is.EqualTo(ledger.BothAtOnce));
    }

    [TestCase(DialDelivery.Split, RemoteCloses.HalfRoundTrip)]
    [TestCase(DialDelivery.Instant, RemoteCloses.HalfRoundTrip)]
    [TestCase(DialDelivery.Instant, RemoteCloses.Instant)]
    public void EveryAdmittedEnd_IsGivenBackOnce_WhenEveryRouterHasDied(DialDelivery dials, RemoteCloses closes)
    {
        var ledger = new EndLedger();
        var runner = ledger.RunnerWith(Network(dials, closes));
        runner.Clock.RunFor(TimeSpan.FromMinutes(10));
        Assert.That(ledger.Held.Sum(), Is.GreaterThan(runner.Nodes), "ends held while the network runs");
        for (var node = 0; node < runner.Nodes; node++)
        {
            runner.TakeDown(node, DownCause.RouterDown); // and no router comes back, so churn's returns cannot dial
        }

        runner.Clock.RunFor(TimeSpan.FromSeconds(10)); // answers and closes in flight arrive (the dial timeout is 5 s)
        Assert.That(ledger.Negative, Is.Zero, "no end given back twice");
        Assert.That(ledger.Held.Count(h => h != 0), Is.Zero, $"ends still held after every node left: {ledger.Held.Sum()}");
    }

    /// <summary>Counts ends admitted and given back per node, and the order of a split dial's two admissions.</summary>
    private sealed class EndLedger : NetworkModel
    {
        private readonly Dictionary<(int Dialer, int Listener), Queue<long>> _dialerAdmittedAt = [];
        private INetwork? _net;

        public int[] Held { get; private set; } = [];

        public int Negative { get; private set; }

        public int BothAtOnce { get; private set; }

        public int ListenerAdmissions { get; private set; }

        public int ListenerWithoutEarlierDialer { get; private set; }

        public long ShortestGapTicks { get; private set; } = long.MaxValue;

        public override bool RunsInPartitions => true;

        public NetworkRunner RunnerWith(Scenario scenario) =>
            Networks.CreateWith(scenario, "end-ledger-test", net =>
            {
                _net = net;
                Held = new int[net.Nodes];
                return this;
            });

        public override bool Admit(int dialer, int listener, ConnectionEnds ends)
        {
            var now = _net!.Clock.NowTicks;
            BothAtOnce += ends == ConnectionEnds.Both ? 1 : 0;
            if (ends == ConnectionEnds.Dialer)
            {
                if (!_dialerAdmittedAt.TryGetValue((dialer, listener), out var q))
                {
                    _dialerAdmittedAt[(dialer, listener)] = q = new Queue<long>();
                }

                q.Enqueue(now);
            }
            else if (ends == ConnectionEnds.Listener)
            {
                if (_dialerAdmittedAt.TryGetValue((dialer, listener), out var q) && q.Count > 0)
                {
                    ShortestGapTicks = Math.Min(ShortestGapTicks, now - q.Dequeue());
                }
                else
                {
                    ListenerWithoutEarlierDialer++;
                }
            }

            ListenerAdmissions += (ends & ConnectionEnds.Listener) != 0 ? 1 : 0;
            Move(dialer, listener, ends, +1);
            return true;
        }

        public override void AdmitCancelled(int dialer, int listener, ConnectionEnds ends) => Move(dialer, listener, ends, -1);

        public override void EndClosed(int dialer, int listener, ConnectionEnds ends) => Move(dialer, listener, ends, -1);

        private void Move(int dialer, int listener, ConnectionEnds ends, int by)
        {
            if ((ends & ConnectionEnds.Dialer) != 0)
            {
                Held[dialer] += by;
                Negative += Held[dialer] < 0 ? 1 : 0;
            }

            if ((ends & ConnectionEnds.Listener) != 0)
            {
                Held[listener] += by;
                Negative += Held[listener] < 0 ? 1 : 0;
            }
        }
    }
}
