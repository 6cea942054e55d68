using ConnMgr.Sim.Kernel;
using ConnMgr.Sim.Network;

namespace ConnMgr.Sim.Tests;

/// <summary>
/// With delayed closes each end of an edge is written only by its own node's events (<see cref="EdgeStore"/>): a
/// close always travels, and whether an end is the last is decided from the closes that arrive, never by reading the
/// other end.
/// </summary>
public class HalfEdgeTests
{
    private const int Dialer = 2, Listener = 3;
    private static readonly long W = SimClock.WindowTicks;

    private static (SimClock Clock, EdgeStore Edges, int Edge) OpenEdge(bool partitions = false)
    {
        var clock = new SimClock();
        var edges = new EdgeStore();
        edges.TrackEnds(clock);
        if (partitions)
        {
            edges.UsePartitions();
        }

        return (clock, edges, edges.Open(Dialer, Listener, 4 * W));
    }

    private static void AdvanceTo(SimClock clock, long windows) => clock.RunUntil(clock.Start + TimeSpan.FromTicks(windows * W));

    [Test]
    public void ACloseReachingAnOpenEnd_ClosesTheLastEnd()
    {
        var (clock, edges, e) = OpenEdge();
        edges.CloseSent(e, Dialer, arrivalTicks: clock.NowTicks + (4 * W));
        Assert.That(edges.IsOpenAt(e, Dialer), Is.False);
        Assert.That(edges.IsOpenAt(e, Listener), Is.True, "the listener holds it until the close arrives");
        Assert.That(edges.Live, Is.EqualTo(1));
        AdvanceTo(clock, 4);
        Assert.That(edges.CloseArrived(e, Listener), Is.EqualTo(CloseArrival.AtOpenEnd));
        Assert.That(edges.Live, Is.Zero);
    }

    [TestCase(Dialer, Listener)]
    [TestCase(Listener, Dialer)]
    public void CrossingCloses_TheEarlierReceiptHearsTheEdgeClosed_TheLaterFreesIt(int first, int second)
    {
        var (clock, edges, e) = OpenEdge();
        edges.CloseSent(e, first, arrivalTicks: clock.NowTicks + (4 * W)); // arrives at `second` in window 4
        AdvanceTo(clock, 2);
        edges.CloseSent(e, second, arrivalTicks: clock.NowTicks + (4 * W)); // arrives at `first` in window 6
        AdvanceTo(clock, 4);
        Assert.That(edges.CloseArrived(e, second), Is.EqualTo(CloseArrival.Crossed), "both ends are closed: the first to learn it tells the models");
        Assert.That(edges.Live, Is.Zero);
        AdvanceTo(clock, 6);
        Assert.That(edges.CloseArrived(e, first), Is.EqualTo(CloseArrival.CrossedLater));
        Assert.That(edges.Live, Is.Zero, "heard closed once");
        AdvanceTo(clock, 7);
        Assert.That(edges.Open(4, 5), Is.EqualTo(e), "freed by the later receipt, so reused");
    }

    [TestCase(true)]
    [TestCase(false)]
    public void CrossingClosesArrivingInOneWindow_TheDialersReceiptDecides_InEitherOrder(bool dialerFirst)
    {
        var (clock, edges, e) = OpenEdge();
        edges.CloseSent(e, Dialer, arrivalTicks: clock.NowTicks + (4 * W));
        edges.CloseSent(e, Listener, arrivalTicks: clock.NowTicks + (4 * W));
        AdvanceTo(clock, 4);
        var arrivals = dialerFirst
            ? new[] { edges.CloseArrived(e, Listener), edges.CloseArrived(e, Dialer) }
            : [edges.CloseArrived(e, Dialer), edges.CloseArrived(e, Listener)];
        var atDialer = dialerFirst ? arrivals[1] : arrivals[0];
        var atListener = dialerFirst ? arrivals[0] : arrivals[1];
        Assert.That((atDialer, atListener), Is.EqualTo((CloseArrival.Crossed, CloseArrival.CrossedLater)));
        Assert.That(edges.Live, Is.Zero);
    }

    [Test]
    public void AFreedId_IsNotReusedInTheWindowItWasFreed_SoTheOtherPartitionsEventsOfThatWindowStillSeeIt()
    {
        var (clock, edges, e) = OpenEdge(partitions: true);
        edges.CloseSent(e, Listener, arrivalTicks: clock.NowTicks + (4 * W));
        AdvanceTo(clock, 4);
        edges.CloseArrived(e, Dialer);
        Assert.That(edges.Open(Dialer, Listener), Is.Not.EqualTo(e), "same window: a new id");
        AdvanceTo(clock, 5);
        Assert.That(edges.Open(Dialer, Listener), Is.EqualTo(e), "next window: the freed id");
    }

    [Test]
    public void AListenerClosingWhileTakingTheSyn_SendsNothing_AndTheDialerFreesTheIdAtTheAnswer()
    {
        var clock = new SimClock();
        var edges = new EdgeStore();
        edges.TrackEnds(clock);
        var e = edges.OpenSyn(Dialer, Listener, 2 * W);
        Assert.That((edges.IsOpenAt(e, Dialer), edges.Live), Is.EqualTo((false, 0)), "a dialing end is not open");
        AdvanceTo(clock, 2);
        edges.SynArrived(e);
        Assert.That((edges.IsAccepting(e, Listener), edges.IsOpenAt(e, Listener), edges.Live), Is.EqualTo((true, true, 1)));
        edges.CloseAccepting(e);
        Assert.That((edges.IsOpenAt(e, Listener), edges.Live), Is.EqualTo((false, 0)));
        AdvanceTo(clock, 4);
        edges.AnswerDropped(e, Dialer);
        AdvanceTo(clock, 5);
        Assert.That(edges.Open(Dialer, Listener), Is.EqualTo(e));
    }

    [Test]
    public void ACloseReachingAnEndThatNeverOpened_IsAnErrorNamingTheEdgeAndItsState()
    {
        var (_, edges, _) = OpenEdge();
        var e = edges.OpenSyn(Dialer, Listener, 2 * W);
        var error = Assert.Throws<InvalidOperationException>(() => edges.CloseArrived(e, Dialer))!;
        Assert.That(error.Message, Does.Contain($"edge {e}").And.Contain("dialing"));
    }
}
