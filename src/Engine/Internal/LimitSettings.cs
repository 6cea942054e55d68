using ConnMgr.Engine.Limits;

namespace ConnMgr.Engine.Internal;

/// <summary>
/// The limits a manager runs with, read once from its options into ticks and ints (40 bytes) so hot paths compare
/// plain fields: watermarks (or the maximum, as both), grace and silence, tag retention.
/// </summary>
internal readonly struct LimitSettings
{
    public LimitSettings(ConnectionManagerOptions options)
    {
        switch (options.Limits)
        {
            case WatermarkPolicy w:
                LowWater = w.LowWater;
                HighWater = w.HighWater;
                Max = int.MaxValue;
                SilenceTicks = w.SilencePeriod.Ticks;
                Disabled = w.DisablesManager && options.ZeroWatermarksDisable;
                break;
            case MaxConnectionsPolicy m:
                LowWater = m.Max;
                HighWater = m.Max;
                Max = m.Max;
                MaxMode = true;
                break;
            default:
                throw new ArgumentException($"Unsupported limit policy {options.Limits.GetType().Name}; allowed: WatermarkPolicy, MaxConnectionsPolicy.", nameof(options));
        }

        GraceTicks = options.Limits.GracePeriod.Ticks;
        TransientGraceTicks = options.TransientGracePeriod.Ticks;
        RetentionTicks = options.TagRetention == Timeout.InfiniteTimeSpan ? long.MaxValue : options.TagRetention.Ticks;
    }

    /// <summary>Trim target in watermark mode (the maximum in max mode).</summary>
    public int LowWater { get; }

    /// <summary>Trigger in watermark mode (the maximum in max mode).</summary>
    public int HighWater { get; }

    /// <summary>The hard maximum; int.MaxValue in watermark mode.</summary>
    public int Max { get; }

    /// <summary>go's null manager: a watermark is 0 under <see cref="ConnectionManagerOptions.ZeroWatermarksDisable"/>; nothing is trimmed automatically or manually.</summary>
    public bool Disabled { get; }

    /// <summary>True under a <see cref="MaxConnectionsPolicy"/>.</summary>
    public bool MaxMode { get; }

    public long GraceTicks { get; }

    public long TransientGraceTicks { get; }

    /// <summary>Minimum time between automatic trims (watermark mode).</summary>
    public long SilenceTicks { get; }

    /// <summary>How long tags of a disconnected peer are kept; long.MaxValue = forever.</summary>
    public long RetentionTicks { get; }
}
