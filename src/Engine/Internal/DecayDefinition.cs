using ConnMgr.Engine.Tags;

namespace ConnMgr.Engine.Internal;

/// <summary>A decaying tag as registered with one manager (go-libp2p's <c>RegisterDecayingTag</c>).</summary>
/// <param name="TagId">Interned tag name.</param>
/// <param name="Interval">Requested interval.</param>
/// <param name="IntervalTicks">Effective interval (raised to the resolution when shorter).</param>
/// <param name="Decay">Decay function.</param>
/// <param name="Bump">Bump function.</param>
/// <param name="RegisteredAt">Registration time, the anchor of the go-style global schedule; UTC ticks.</param>
internal sealed record DecayDefinition(int TagId, TimeSpan Interval, long IntervalTicks, DecayFunction Decay, BumpFunction Bump, long RegisteredAt);
