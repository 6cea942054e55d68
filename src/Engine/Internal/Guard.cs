namespace ConnMgr.Engine;

/// <summary>Argument checks that name the parameter and the allowed range.</summary>
internal static class Guard
{
    public static void NonNegative(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be >= 00:00:00.");
        }
    }

    public static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be > 00:00:00.");
        }
    }

    public static void NonNegative(int value, string name)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be >= 0.");
        }
    }

    public static void AtLeast(int value, int min, string name)
    {
        if (value < min)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be >= {min}.");
        }
    }

    /// <summary>
    /// A check spanning several options: <paramref name="name"/> is the option the message is about. Generic, so a
    /// value is boxed only when the check fails: every manager validates its options, a million of them at 1M nodes.
    /// </summary>
    public static void That<T>(bool holds, string name, T value, string message)
    {
        if (!holds)
        {
            throw new ArgumentOutOfRangeException(name, value, message);
        }
    }

    public static void Defined<TEnum>(TEnum value, string name)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"Allowed values of {name}: {string.Join(", ", Enum.GetNames<TEnum>())}.");
        }
    }
}
