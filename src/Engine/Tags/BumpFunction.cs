namespace ConnMgr.Engine.Tags;

/// <summary>How <see cref="ConnectionManager{TPeer}.BumpDecayingTag"/> combines a tag's value with a delta.</summary>
/// <remarks>Instances are immutable and may be shared between managers.</remarks>
public abstract class BumpFunction
{
    private protected BumpFunction()
    {
    }

    /// <summary>v + δ, saturating at the int range.</summary>
    public static BumpFunction SumUnbounded() => SumUnboundedBump.Instance;

    /// <summary>clamp(v + δ, min, max); go-libp2p applies the clamp on the first bump too.</summary>
    public static BumpFunction SumBounded(int min, int max) => new SumBoundedBump(min, max);

    /// <summary>δ replaces the value.</summary>
    public static BumpFunction Overwrite() => OverwriteBump.Instance;

    /// <summary>A custom combination of (value, delta).</summary>
    public static BumpFunction Custom(Func<int, int, int> bump) => new CustomBump(bump ?? throw new ArgumentNullException(nameof(bump)));

    /// <summary>True when both compute the same thing: equal built-ins, or the very same custom instance.</summary>
    internal bool SameAs(BumpFunction other) =>
        ReferenceEquals(this, other) || (this is not CustomBump && GetType() == other.GetType() && ToString() == other.ToString());

    /// <summary>The value after bumping <paramref name="value"/> by <paramref name="delta"/>.</summary>
    public abstract int Apply(int value, int delta);

    private sealed class SumUnboundedBump : BumpFunction
    {
        public static readonly SumUnboundedBump Instance = new();

        public override int Apply(int value, int delta) => (int)Math.Clamp((long)value + delta, int.MinValue, int.MaxValue);

        public override string ToString() => "SumUnbounded()";
    }

    private sealed class SumBoundedBump : BumpFunction
    {
        private readonly int _min;
        private readonly int _max;

        public SumBoundedBump(int min, int max)
        {
            if (min > max)
            {
                throw new ArgumentOutOfRangeException(nameof(min), min, $"SumBounded min must be <= max ({max}).");
            }

            _min = min;
            _max = max;
        }

        public override int Apply(int value, int delta) => (int)Math.Clamp((long)value + delta, _min, _max);

        public override string ToString() => $"SumBounded({_min}, {_max})";
    }

    private sealed class OverwriteBump : BumpFunction
    {
        public static readonly OverwriteBump Instance = new();

        public override int Apply(int value, int delta) => delta;

        public override string ToString() => "Overwrite()";
    }

    private sealed class CustomBump(Func<int, int, int> bump) : BumpFunction
    {
        public override int Apply(int value, int delta) => bump(value, delta);
    }
}
