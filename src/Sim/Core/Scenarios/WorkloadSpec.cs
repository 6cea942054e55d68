namespace ConnMgr.Sim.Scenarios;

/// <summary>The synthetic peers a focal node meets.</summary>
public sealed class WorkloadSpec
{
    /// <summary>Inbound arrivals.</summary>
    public InboundSpec? Inbound { get; set; }

    /// <summary>Session length of synthetic peers.</summary>
    public DurationDistributionSpec? Sessions { get; set; }

    /// <summary>Outbound dialing towards a target.</summary>
    public OutboundSpec? Outbound { get; set; }

    /// <summary>Static and decaying tags given to arriving peers.</summary>
    public TaggingSpec? Tagging { get; set; }

    /// <summary>Protected peers.</summary>
    public ProtectionSpec? Protection { get; set; }

    /// <summary>Named peers kept alive (protected, redialed on disconnect).</summary>
    public List<string> KeepAlive { get; set; } = [];

    /// <summary>Fraction of arriving peers attributed to each subsystem (the rest are "other").</summary>
    public Dictionary<string, double> Subsystems { get; set; } = [];

    /// <summary>Network groups (e.g. IP /16s) peers are drawn from uniformly; 0 = unknown (the diversity policy then has no group facts).</summary>
    [RangeOf(0, 100_000_000)]
    public int NetworkGroups { get; set; }

    /// <summary>Peer latency (the diversity policy keeps the fastest); absent = unknown.</summary>
    public DurationDistributionSpec? Latency { get; set; }
}

/// <summary>Poisson arrivals plus bursts.</summary>
public sealed class InboundSpec
{
    /// <summary>Mean arrivals per second (Poisson); 0 = none.</summary>
    [RangeOf(0, 1e9)]
    public double Rate { get; set; }

    /// <summary>Bursts of arrivals.</summary>
    public List<BurstSpec> Bursts { get; set; } = [];

    /// <summary>Fraction of inbound connections marked transient (short exchanges).</summary>
    [RangeOf(0, 1)]
    public double TransientFraction { get; set; }
}

/// <summary>A burst: <see cref="Count"/> arrivals spread uniformly over <see cref="Spread"/> from <see cref="At"/>.</summary>
public sealed class BurstSpec
{
    /// <summary>Start.</summary>
    public TimeSpan At { get; set; }

    /// <summary>Arrivals.</summary>
    [RangeOf(0, int.MaxValue)]
    public int Count { get; set; }

    /// <summary>Window; zero = all at once.</summary>
    public TimeSpan Spread { get; set; }
}

/// <summary>A distribution of durations (MathNet.Numerics).</summary>
public sealed class DurationDistributionSpec
{
    /// <summary>constant, exponential, weibull, pareto, lognormal. Default exponential.</summary>
    public DistributionKind Kind { get; set; } = DistributionKind.Exponential;

    /// <summary>Mean (constant: the value; exponential: the mean).</summary>
    public TimeSpan? Mean { get; set; }

    /// <summary>Scale (weibull λ, pareto xm).</summary>
    public TimeSpan? Scale { get; set; }

    /// <summary>Shape (weibull k, pareto α).</summary>
    public double? Shape { get; set; }

    /// <summary>Median (lognormal e^μ).</summary>
    public TimeSpan? Median { get; set; }

    /// <summary>Sigma (lognormal σ).</summary>
    public double? Sigma { get; set; }
}

/// <summary>Outbound dialing.</summary>
public sealed class OutboundSpec
{
    /// <summary>Outbound connections the node keeps dialing towards.</summary>
    [RangeOf(0, int.MaxValue)]
    public int Target { get; set; }

    /// <summary>Dial latency; default constant 100 ms.</summary>
    public DurationDistributionSpec? DialLatency { get; set; }

    /// <summary>Probability a dial fails.</summary>
    [RangeOf(0, 1)]
    public double FailureProbability { get; set; }

    /// <summary>Wait after a failed dial before trying again. Default 5 s.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Tags given to arriving peers.</summary>
public sealed class TaggingSpec
{
    /// <summary>Fraction of peers given a static tag.</summary>
    [RangeOf(0, 1)]
    public double Fraction { get; set; }

    /// <summary>The static tag's name. Default "app".</summary>
    public string Tag { get; set; } = "app";

    /// <summary>The static tag's value.</summary>
    public ValueDistributionSpec? Value { get; set; }

    /// <summary>Decaying usefulness tags bumped by interactions.</summary>
    public DecayingTagSpec? Decaying { get; set; }
}

/// <summary>A distribution of integer tag values.</summary>
public sealed class ValueDistributionSpec
{
    /// <summary>constant, uniform, exponential. Default constant.</summary>
    public ValueKind Kind { get; set; } = ValueKind.Constant;

    /// <summary>Constant value.</summary>
    public double? Value { get; set; }

    /// <summary>Uniform lower bound.</summary>
    public double? Min { get; set; }

    /// <summary>Uniform upper bound.</summary>
    public double? Max { get; set; }

    /// <summary>Exponential mean.</summary>
    public double? Mean { get; set; }
}

/// <summary>A decaying tag given to a fraction of peers and bumped at a rate while they are connected.</summary>
public sealed class DecayingTagSpec
{
    /// <summary>Fraction of peers that get it.</summary>
    [RangeOf(0, 1)]
    public double Fraction { get; set; }

    /// <summary>Tag name. Default "usefulness".</summary>
    public string Tag { get; set; } = "usefulness";

    /// <summary>Initial value.</summary>
    public int Initial { get; set; } = 10;

    /// <summary>Decay interval.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Decay function.</summary>
    public DecayKindSpec Decay { get; set; } = new();

    /// <summary>Bumps per second per peer (Poisson).</summary>
    [RangeOf(0, 1e9)]
    public double BumpRate { get; set; }

    /// <summary>Bump delta. Default 1.</summary>
    public int BumpAmount { get; set; } = 1;
}

/// <summary>A decay function: kind with its parameter.</summary>
public sealed class DecayKindSpec
{
    /// <summary>none, linear, fixed, halfLife, expireWhenInactive. Default none.</summary>
    public DecayKind Kind { get; set; } = DecayKind.None;

    /// <summary>fixed: amount subtracted per interval.</summary>
    public int? Amount { get; set; }

    /// <summary>linear: coefficient in (0, 1].</summary>
    public double? Coef { get; set; }

    /// <summary>halfLife: the half-life.</summary>
    public TimeSpan? HalfLife { get; set; }

    /// <summary>expireWhenInactive: inactivity before removal.</summary>
    public TimeSpan? After { get; set; }
}

/// <summary>Protected peers.</summary>
public sealed class ProtectionSpec
{
    /// <summary>Fraction of arriving peers protected.</summary>
    [RangeOf(0, 1)]
    public double Fraction { get; set; }

    /// <summary>Named peers protected from the start.</summary>
    public List<string> Peers { get; set; } = [];
}

/// <summary>One scripted action or assert.</summary>
public sealed class TimelineAction
{
    /// <summary>When.</summary>
    public TimeSpan At { get; set; }

    /// <summary>connect, disconnect, tag, untag, tagDecaying, bump, protect, unprotect, trim, assert.</summary>
    public TimelineActionKind Action { get; set; }

    /// <summary>Node group name; default the first group.</summary>
    public string? Node { get; set; }

    /// <summary>Node index within the group. Default 0.</summary>
    public int Index { get; set; }

    /// <summary>Peer name.</summary>
    public string? Peer { get; set; }

    /// <summary>inbound or outbound (connect). Default inbound.</summary>
    public ConnMgr.Engine.Direction Direction { get; set; } = ConnMgr.Engine.Direction.Inbound;

    /// <summary>Tag name (tag, untag, tagDecaying, bump, protect, unprotect).</summary>
    public string? Tag { get; set; }

    /// <summary>Tag value or bump delta.</summary>
    public int? Value { get; set; }

    /// <summary>Decay interval (tagDecaying).</summary>
    public TimeSpan? Interval { get; set; }

    /// <summary>Decay function (tagDecaying).</summary>
    public DecayKindSpec? Decay { get; set; }

    /// <summary>assert: connected, notConnected, score, protected, notProtected, count.</summary>
    public AssertCheck? Check { get; set; }

    /// <summary>assert: expected value (score, count).</summary>
    public double? Expected { get; set; }
}
