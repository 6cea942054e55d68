using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Network.Sybils;

/// <summary>
/// Routing-table poisoning (Prünster et al., USENIX Security 2022): sybils generate DHT ids sharing
/// <c>network.attack.poisonPrefixBits</c> leading bits with a victim's id (victims in turn), so they fill the victims'
/// deep buckets and sit closest to every key near a victim. Honest ids stay hashed.
/// </summary>
internal static class SybilIds
{
    /// <summary>The id placement for <see cref="Dht.KademliaSpace"/>, or null when the scenario poisons nothing.</summary>
    public static Func<int, Func<int, ulong>, ulong>? Placement(INetwork net)
    {
        if (net.Spec.Attack is not { PoisonPrefixBits: > 0 } attack)
        {
            return null;
        }

        var sybils = net.GroupRange(attack.Attackers);
        var victims = net.GroupRange(attack.Victims);
        var prefix = ulong.MaxValue << (64 - attack.PoisonPrefixBits);
        return (node, hashed) =>
        {
            var j = node - sybils.First;
            if ((uint)j >= (uint)sybils.Count || victims.Count == 0)
            {
                return hashed(node);
            }

            var victim = victims.First + (j % victims.Count);
            return (hashed(victim) & prefix) | (hashed(node) & ~prefix);
        };
    }
}
