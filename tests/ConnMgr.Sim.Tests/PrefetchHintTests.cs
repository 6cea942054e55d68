using ConnMgr.Sim.Kernel;

namespace ConnMgr.Sim.Tests;

/// <summary>
/// The kernel's cache hints (issue 13): before each event it names the next two events to their handlers, in the
/// order they will run, and only when a run asked for hints; <see cref="EventQueue.TryPeekSecond"/> is exact.
/// </summary>
public class PrefetchHintTests
{
    private sealed class HintRecorder(bool scheduleMore, SimClock clock) : IEventHandler
    {
        public List<int> Handled { get; } = [];

        public List<(int A, int Ahead, int HandledSoFar)> Hints { get; } = [];

        public int Handler { get; set; }

        public void Handle(in SimEvent e)
        {
            Handled.Add(e.A);
            if (scheduleMore && e.A < 500)
            {
                clock.Schedule(clock.NowTicks + 1 + (e.A * 7919 % 50), Handler, 0, e.A + 1_000);
            }
        }

        public void Prefetch(in SimEvent e, int ahead) => Hints.Add((e.A, ahead, Handled.Count));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Hints_NameTheNextTwoEvents_InTheOrderTheyRun(bool scheduleMore)
    {
        var clock = new SimClock();
        var r = new HintRecorder(scheduleMore, clock);
        r.Handler = clock.Register(r);
        clock.EnablePrefetchHints();
        Assume.That(Prefetcher.Enabled, "hints are off on this machine (no SSE, or CONNMGR_SIM_PREFETCH=0)");
        var rng = new Random(5);
        for (var i = 0; i < 500; i++)
        {
            clock.Schedule(clock.NowTicks + rng.Next(0, 200), r.Handler, 0, i); // many ties: order is (due, seq)
        }

        clock.RunFor(TimeSpan.FromTicks(10_000));
        Assert.That(r.Handled, Has.Count.EqualTo(scheduleMore ? 1_000 : 500));
        // A hint is given after the clock pops event `before` and before it runs it: the hinted ones come next.
        var nextHints = r.Hints.Where(h => h.Ahead == 1).ToList();
        var secondHints = r.Hints.Where(h => h.Ahead == 2).ToList();
        Assert.That(nextHints, Has.Count.EqualTo(r.Handled.Count - 1), "one 'next' hint before every event but the last");
        Assert.That(secondHints, Has.Count.GreaterThan(r.Handled.Count * 9 / 10));
        var nextRight = nextHints.Count(h => r.Handled[h.HandledSoFar + 1] == h.A);
        var secondRight = secondHints.Count(h => h.HandledSoFar + 2 < r.Handled.Count && r.Handled[h.HandledSoFar + 2] == h.A);
        if (!scheduleMore)
        {
            Assert.That(nextRight, Is.EqualTo(nextHints.Count), "with nothing new scheduled the next event is known exactly");
            Assert.That(secondRight, Is.EqualTo(secondHints.Count), "and so is the one after");
        }
        else
        {
            // An event scheduled by the running one may overtake a hinted event: a hint can be stale, never harmful.
            Assert.That(nextRight, Is.GreaterThan(nextHints.Count * 9 / 10));
            Assert.That(secondRight, Is.GreaterThan(secondHints.Count * 8 / 10));
        }
    }

    [Test]
    public void WithoutEnablingThem_NoHintsAreGiven()
    {
        var clock = new SimClock();
        var r = new HintRecorder(scheduleMore: false, clock);
        r.Handler = clock.Register(r);
        for (var i = 0; i < 50; i++)
        {
            clock.Schedule(clock.NowTicks + i, r.Handler, 0, i);
        }

        clock.RunFor(TimeSpan.FromTicks(100));
        Assert.That(r.Handled, Has.Count.EqualTo(50));
        Assert.That(r.Hints, Is.Empty);
    }

    [Test]
    public void TryPeekSecond_IsTheEventPoppedAfterTheFirst()
    {
        var queue = new EventQueue();
        var rng = new Random(9);
        long seq = 0;
        for (var i = 0; i < 5_000; i++)
        {
            queue.Push(new SimEvent(rng.Next(0, 3_000) * 1_000L, seq++, 0, 0, i, 0));
        }

        var checkedPairs = 0;
        while (queue.Count > 1)
        {
            _ = queue.Peek(); // fills the bottom heap, as the clock's Peek does before it asks for the second
            var known = queue.TryPeekSecond(out var second);
            queue.Pop();
            if (known)
            {
                Assert.That(queue.Peek(), Is.EqualTo(second));
                checkedPairs++;
            }

            if (rng.Next(4) == 0)
            {
                queue.Push(new SimEvent(queue.Peek().Due + (rng.Next(1, 100) * 1_000L), seq++, 0, 0, -1, 0));
            }
        }

        Assert.That(checkedPairs, Is.GreaterThan(4_000), "the bottom heap usually knows the second event");
    }
}

/// <summary>Hints change nothing: a network run writes the same bytes with <c>CONNMGR_SIM_PREFETCH=0</c> and without.</summary>
[NonParallelizable]
public class PrefetchOutputTests
{
    [TestCase("full-network.json")]
    [TestCase("dht-lookups.json")]
    [TestCase("full-network.json", "network.dials=split", "network.remoteCloses=halfRoundTrip", Description = "messages in buckets: their three hint stages")]
    public void NetworkOutputs_AreByteIdentical_WithHintsOnAndOff(string scenario, params string[] sets)
    {
        Assert.That(System.Runtime.Intrinsics.X86.Sse.IsSupported, "cannot be evaluated here: without x86 prefetch the hints are off in both runs");
        var dir = Repo.TempDir();
        var on = Run(scenario, Path.Combine(dir, "on"), hints: true, sets);
        var off = Run(scenario, Path.Combine(dir, "off"), hints: false, sets);
        var files = Csvs(on);
        Assert.That(files.Select(Path.GetFileName), Does.Contain("timeseries.csv").And.Contain("summary.csv"));
        Assert.That(Csvs(off), Is.EqualTo(files));
        foreach (var f in files)
        {
            Assert.That(File.ReadAllBytes(Path.Combine(off, f)), Is.EqualTo(File.ReadAllBytes(Path.Combine(on, f))), f);
        }
    }

    private static List<string> Csvs(string dir) =>
        [.. Directory.GetFiles(dir, "*.csv", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f)).Order(StringComparer.Ordinal)];

    private static string Run(string scenario, string output, bool hints, string[] sets)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "connmgr-sim")) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "run", Repo.Scenario(scenario), "--out", output, "--quiet" }.Concat(sets.SelectMany(s => new[] { "--set", s })))
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["CONNMGR_SIM_PREFETCH"] = hints ? "1" : "0";
        using var p = System.Diagnostics.Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.That(p.ExitCode, Is.Zero, err.Result);
        return output;
    }
}
