using System.Reflection;
using ConnMgr.Engine.Events;
using ConnMgr.Engine.Internal;

namespace ConnMgr.Engine.Tests;

/// <summary>
/// A manager's fields are laid out so a connect or disconnect reads only its first few cache lines (hosts hint them
/// with <see cref="ConnectionManager{TPeer}.PrefetchFields"/>; benchmarks/README.md, twenty-ninth step). That rests on
/// the runtime's layout rules and on the declaration order in ConnectionManager.cs: these tests see both.
/// </summary>
public class FieldLayoutTests
{
    [Test]
    public void FieldsAConnectReads_EndBeforeTheFirstColdField()
    {
        AssertHotBeforeCold(ConnectionManager<int>.MeasureLayout());
        AssertHotBeforeCold(ConnectionManager<string>.MeasureLayout());
    }

    [Test]
    public void FieldsAConnectReads_FitInSixCacheLines()
    {
        Assert.That(ConnectionManager<int>.HotFieldBytes, Is.InRange(64, 6 * 64), "a new hot field or a reordering moved the hot end");
        Assert.That(ConnectionManager<string>.HotFieldBytes, Is.EqualTo(ConnectionManager<int>.HotFieldBytes), "the peer type appears only behind references");
    }

    [Test]
    public void PrefetchFields_ChangesNothing_AndAcceptsNull()
    {
        var hinted = new Harness(Harness.Watermarks(low: 2, high: 4, graceMs: 0, silenceMs: 0));
        var plain = new Harness(Harness.Watermarks(low: 2, high: 4, graceMs: 0, silenceMs: 0));
        ConnectionManager<int>.PrefetchFields(null);
        for (var peer = 0; peer < 12; peer++)
        {
            ConnectionManager<int>.PrefetchFields(hinted.Manager);
            hinted.Connect(peer, Direction.Outbound);
            plain.Connect(peer, Direction.Outbound);
            hinted.Advance(1);
            plain.Advance(1);
        }

        Assert.That(hinted.Events.Log, Is.EqualTo(plain.Events.Log));
        Assert.That(hinted.Manager.Metrics, Is.EqualTo(plain.Manager.Metrics));
    }

    [Test]
    public void MetricsSnapshot_CopiesEveryCounterToThePropertyOfItsName()
    {
        var fields = typeof(MetricCounters).GetFields(BindingFlags.Public | BindingFlags.Instance);
        var properties = typeof(ConnectionManagerMetrics).GetProperties(BindingFlags.Public | BindingFlags.Instance);
        Assert.That(fields.Select(f => f.Name), Is.EquivalentTo(properties.Select(p => p.Name)), "one counter per public metric");

        object boxed = default(MetricCounters);
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i].SetValue(boxed, 1_000L + i);
        }

        var snapshot = ((MetricCounters)boxed).ToMetrics();
        foreach (var f in fields)
        {
            Assert.That(typeof(ConnectionManagerMetrics).GetProperty(f.Name)!.GetValue(snapshot), Is.EqualTo(f.GetValue(boxed)), f.Name);
        }
    }

    private static void AssertHotBeforeCold((int HotEnd, int ColdStart) layout) =>
        Assert.That(layout.HotEnd, Is.LessThanOrEqualTo(layout.ColdStart), $"hot fields end at {layout.HotEnd}, cold ones start at {layout.ColdStart}");
}
