namespace ConnMgr.Engine;

public sealed partial class ConnectionManager<TPeer>
{
    /// <summary>
    /// The adaptive dial window's current size: how many dials may be pending (its floor). Without a
    /// <see cref="ConnectionManagerOptions.DialWindow"/>, <see cref="double.PositiveInfinity"/>.
    /// </summary>
    public double DialWindowSize
    {
        get
        {
            using var call = Lock();
            return Options.DialWindow is null ? double.PositiveInfinity : Ledger.Window;
        }
    }

    /// <summary>
    /// The host's dial of <paramref name="peer"/> got no answer before its timeout (a SYN the router dropped, or a
    /// peer that is gone). As <see cref="ReportDialFailure"/>, and the adaptive dial window shrinks.
    /// </summary>
    public void ReportDialTimeout(TPeer peer)
    {
        ReportDialFailure(peer);
        using var call = Lock();
        if (Options.DialWindow is { } w)
        {
            Ledger.Window = Math.Max(w.Min, Ledger.Window * w.Decrease);
        }
    }

    /// <summary>True when the window leaves no room for another pending dial.</summary>
    private bool AtDialWindow() => Options.DialWindow is not null && _pendingOutbound >= (int)Ledger.Window;

    /// <summary>An outbound connection opened: the window grows by 1/window.</summary>
    private void DialSucceeded()
    {
        if (Options.DialWindow is { } w)
        {
            var l = Ledger;
            l.Window = Math.Min(w.Max, l.Window + (1 / l.Window));
        }
    }
}
