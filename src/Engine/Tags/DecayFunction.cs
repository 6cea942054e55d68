namespace ConnMgr.Engine.Tags;

/// <summary>What a decay function sees at one interval boundary.</summary>
/// <param name="Interval">The tag's decay interval.</param>
/// <param name="SinceLastBump">Time from the tag's last bump (or creation) to this boundary.</param>
public readonly record struct DecayContext(TimeSpan Interval, TimeSpan SinceLastBump);

/// <summary>
/// How a decaying tag's value changes at each interval boundary. A value that reaches 0 (or below) removes the tag.
/// Values are computed lazily when read, but equal what a ticker applying the function at every boundary would give.
/// </summary>
/// <remarks>Instances are immutable and may be shared between managers.</remarks>
public abstract class DecayFunction
{
    private protected DecayFunction()
    {
    }

    /// <summary>Value unchanged (the tag lives until removed or bumped to 0).</summary>
    public static DecayFunction None() => NoDecay.Instance;

    /// <summary>Multiply by <paramref name="coef"/> each interval, rounding down: floor(v × coef) computed in double.</summary>
    /// <param name="coef">In (0, 1].</param>
    public static DecayFunction Linear(double coef) => new LinearDecay(coef);

    /// <summary>Subtract <paramref name="amount"/> each interval.</summary>
    /// <param name="amount">≥ 0.</param>
    public static DecayFunction Fixed(int amount) => new FixedDecay(amount);

    /// <summary>Keep the value, and remove the tag at the first boundary at least <paramref name="after"/> past its last bump.</summary>
    /// <param name="after">&gt; 0.</param>
    public static DecayFunction ExpireWhenInactive(TimeSpan after) => new ExpireDecay(after);

    /// <summary>Halve the value every <paramref name="halfLife"/>: v × 0.5^(interval / halfLife) each interval, rounded down.</summary>
    /// <param name="halfLife">&gt; 0.</param>
    public static DecayFunction HalfLife(TimeSpan halfLife) => new HalfLifeDecay(halfLife);

    /// <summary>A custom function of the value alone (pure: the engine may skip boundaries where it is a fixed point).</summary>
    public static DecayFunction Custom(Func<int, int> decay) => new CustomValueDecay(decay ?? throw new ArgumentNullException(nameof(decay)));

    /// <summary>A custom function of the value and the time since the last bump. Evaluated at every boundary (cost linear in boundaries passed).</summary>
    public static DecayFunction Custom(Func<int, DecayContext, int> decay) => new CustomTimedDecay(decay ?? throw new ArgumentNullException(nameof(decay)));

    /// <summary>The value after one interval boundary.</summary>
    public abstract int Apply(int value, DecayContext context);

    /// <summary>True when the result depends only on the value, so a fixed point ends the decay.</summary>
    internal virtual bool IsValuePure => true;

    /// <summary>For <see cref="ExpireWhenInactive"/>: the inactivity after which the tag goes.</summary>
    internal virtual TimeSpan? ExpiresAfter => null;

    /// <summary>True when both compute the same thing: equal built-ins, or the very same custom instance.</summary>
    internal bool SameAs(DecayFunction other) =>
        ReferenceEquals(this, other) || (this is not CustomValueDecay and not CustomTimedDecay && GetType() == other.GetType() && ToString() == other.ToString());

    private sealed class NoDecay : DecayFunction
    {
        public static readonly NoDecay Instance = new();

        public override int Apply(int value, DecayContext context) => value;

        public override string ToString() => "None()";
    }

    private sealed class LinearDecay : DecayFunction
    {
        private readonly double _coef;

        public LinearDecay(double coef)
        {
            if (!(coef > 0 && coef <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(coef), coef, "Linear decay coef must be in (0, 1].");
            }

            _coef = coef;
        }

        public override int Apply(int value, DecayContext context) => (int)Math.Floor(value * _coef);

        public override string ToString() => $"Linear({_coef})";
    }

    private sealed class FixedDecay : DecayFunction
    {
        private readonly int _amount;

        public FixedDecay(int amount)
        {
            Guard.NonNegative(amount, nameof(amount));
            _amount = amount;
        }

        public override int Apply(int value, DecayContext context) => value - _amount;

        public override string ToString() => $"Fixed({_amount})";
    }

    private sealed class ExpireDecay : DecayFunction
    {
        private readonly TimeSpan _after;

        public ExpireDecay(TimeSpan after)
        {
            Guard.Positive(after, nameof(after));
            _after = after;
        }

        internal override bool IsValuePure => false;

        internal override TimeSpan? ExpiresAfter => _after;

        public override int Apply(int value, DecayContext context) => context.SinceLastBump >= _after ? 0 : value;

        public override string ToString() => $"ExpireWhenInactive({_after})";
    }

    private sealed class HalfLifeDecay : DecayFunction
    {
        private readonly TimeSpan _halfLife;

        public HalfLifeDecay(TimeSpan halfLife)
        {
            Guard.Positive(halfLife, nameof(halfLife));
            _halfLife = halfLife;
        }

        public override int Apply(int value, DecayContext context) =>
            (int)Math.Floor(value * Math.Pow(0.5, context.Interval.Ticks / (double)_halfLife.Ticks));

        internal override bool IsValuePure => true;

        public override string ToString() => $"HalfLife({_halfLife})";
    }

    private sealed class CustomValueDecay(Func<int, int> decay) : DecayFunction
    {
        public override int Apply(int value, DecayContext context) => decay(value);

        public override string ToString() => "Custom(value)";
    }

    private sealed class CustomTimedDecay(Func<int, DecayContext, int> decay) : DecayFunction
    {
        internal override bool IsValuePure => false;

        public override int Apply(int value, DecayContext context) => decay(value, context);

        public override string ToString() => "Custom(value, context)";
    }
}
