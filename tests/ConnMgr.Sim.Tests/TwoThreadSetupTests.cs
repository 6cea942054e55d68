using ConnMgr.Sim.Network;

namespace ConnMgr.Sim.Tests;

/// <summary>
/// Engines of a large network are built in two halves on two threads: every node must be built exactly once, and the
/// halves must not share elements (neighbouring nodes on two threads would share cache lines, which was slower).
/// </summary>
public class TwoThreadSetupTests
{
    [Test]
    public void InHalves_FromTheTwoThreadSize_BuildsEachNodeOnceOnTwoThreads()
    {
        Assume.That(Environment.ProcessorCount, Is.GreaterThanOrEqualTo(2), "one core runs the halves in turn");
        var nodes = NetworkRunner.TwoThreadsPayFrom + 1; // an odd count: the second half is one longer
        var built = new int[nodes];
        var threads = new int[2];
        TwoThreadSetup.InHalves(nodes, (from, to) =>
        {
            threads[from == 0 ? 0 : 1] = Environment.CurrentManagedThreadId;
            for (var node = from; node < to; node++)
            {
                built[node]++;
            }
        });

        Assert.That(built, Is.All.EqualTo(1), "a node built twice or never");
        Assert.That(threads[0], Is.Not.EqualTo(threads[1]), "both halves ran on one thread");
        Assert.That(threads[0], Is.EqualTo(Environment.CurrentManagedThreadId), "the calling thread builds the first half");
    }

    [Test]
    public void InHalves_BelowTheTwoThreadSize_RunsBothHalvesInTurnOnTheCallingThread()
    {
        var order = new List<(int From, int To, int Thread)>();
        TwoThreadSetup.InHalves(1001, (from, to) => order.Add((from, to, Environment.CurrentManagedThreadId)));
        var me = Environment.CurrentManagedThreadId;
        Assert.That(order, Is.EqualTo(new[] { (0, 500, me), (500, 1001, me) }));
    }

    [Test]
    public void InHalves_RethrowsWhatTheSecondHalfThrew()
    {
        Assume.That(Environment.ProcessorCount, Is.GreaterThanOrEqualTo(2), "one core runs the halves in turn");
        Assert.That(
            () => TwoThreadSetup.InHalves(NetworkRunner.TwoThreadsPayFrom, (from, _) =>
            {
                if (from > 0)
                {
                    throw new InvalidOperationException("second half");
                }
            }),
            Throws.InvalidOperationException.With.Message.EqualTo("second half"));
    }

    [Test]
    public void InHalves_WhenTheFirstHalfThrows_WaitsForTheSecondBeforeRethrowing()
    {
        Assume.That(Environment.ProcessorCount, Is.GreaterThanOrEqualTo(2), "one core runs the halves in turn");
        var secondDone = false;
        Assert.That(
            () => TwoThreadSetup.InHalves(NetworkRunner.TwoThreadsPayFrom, (from, _) =>
            {
                if (from == 0)
                {
                    throw new InvalidOperationException("first half");
                }

                Thread.Sleep(200);
                Volatile.Write(ref secondDone, true);
            }),
            Throws.InvalidOperationException.With.Message.EqualTo("first half"));
        Assert.That(Volatile.Read(ref secondDone), Is.True, "the second half was still running when the set-up failed");
    }
}
