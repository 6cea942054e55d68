namespace ConnMgr.Sim.Scenarios;

/// <summary>A distribution of durations (MathNet.Numerics).</summary>
public enum DistributionKind
{
    /// <summary>Always <c>mean</c>.</summary>
    Constant,

    /// <summary>Exponential with <c>mean</c>.</summary>
    Exponential,

    /// <summary>Weibull with <c>shape</c> k and <c>scale</c> λ.</summary>
    Weibull,

    /// <summary>Pareto with <c>shape</c> α and <c>scale</c> x_m.</summary>
    Pareto,

    /// <summary>Log-normal with <c>median</c> e^μ and <c>sigma</c> σ.</summary>
    Lognormal,
}

/// <summary>A distribution of integer tag values.</summary>
public enum ValueKind
{
    /// <summary>Always <c>value</c>.</summary>
    Constant,

    /// <summary>Uniform in [<c>min</c>, <c>max</c>].</summary>
    Uniform,

    /// <summary>Exponential with <c>mean</c>.</summary>
    Exponential,
}

/// <summary>A decay function of a decaying tag.</summary>
public enum DecayKind
{
    /// <summary>No decay.</summary>
    None,

    /// <summary>Multiplied by <c>coef</c> each interval.</summary>
    Linear,

    /// <summary><c>amount</c> subtracted each interval.</summary>
    Fixed,

    /// <summary>Halves every <c>halfLife</c>.</summary>
    HalfLife,

    /// <summary>Removed after <c>after</c> without a bump.</summary>
    ExpireWhenInactive,
}

/// <summary>A scripted timeline action.</summary>
public enum TimelineActionKind
{
    /// <summary>Open a connection to the peer.</summary>
    Connect,

    /// <summary>Close the peer's connection.</summary>
    Disconnect,

    /// <summary>Set a static tag.</summary>
    Tag,

    /// <summary>Remove a tag.</summary>
    Untag,

    /// <summary>Set a decaying tag.</summary>
    TagDecaying,

    /// <summary>Bump a decaying tag.</summary>
    Bump,

    /// <summary>Protect the peer under a tag.</summary>
    Protect,

    /// <summary>Remove one protection tag.</summary>
    Unprotect,

    /// <summary>Run a manual trim.</summary>
    Trim,

    /// <summary>Check a condition.</summary>
    Assert,
}

/// <summary>What a timeline assert checks.</summary>
public enum AssertCheck
{
    /// <summary>The peer is connected.</summary>
    Connected,

    /// <summary>The peer is not connected.</summary>
    NotConnected,

    /// <summary>The peer's score equals <c>expected</c>.</summary>
    Score,

    /// <summary>The peer is protected.</summary>
    Protected,

    /// <summary>The peer is not protected.</summary>
    NotProtected,

    /// <summary>The node's count equals <c>expected</c>.</summary>
    Count,
}
