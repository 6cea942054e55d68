namespace ConnMgr.Sim.Network.Sybils;

/// <summary>
/// Behave-then-defect: sybils that subscribe to pubsub forward messages like honest peers — earning mesh places and
/// the receivers' delivery tags — and sybils in the DHT answer queries — earning routing-table places — until
/// <c>network.attack.start + defectAfter</c>; then they forward nothing (they still receive, and stay in meshes until
/// pruned) and answer no query (lookups wait out the timeout). The pubsub and DHT models ask <see cref="Silent"/>.
/// </summary>
internal static class Defection
{
    /// <summary>The virtual time (ticks) from which sybils stop relaying, or null when they never defect.</summary>
    public static long? At(INetwork net) =>
        net.Spec.Attack is { DefectAfter: { } after } attack ? net.Clock.NowTicks + attack.Start.Ticks + after.Ticks : null;

    /// <summary>A predicate "this node no longer relays", or null when the scenario has no defection.</summary>
    public static Func<int, bool>? Silent(INetwork net)
    {
        if (At(net) is not { } at)
        {
            return null;
        }

        var (first, count) = net.GroupRange(net.Spec.Attack!.Attackers);
        return node => (uint)(node - first) < (uint)count && net.Clock.NowTicks >= at;
    }
}
