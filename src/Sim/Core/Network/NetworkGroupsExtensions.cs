namespace ConnMgr.Sim.Network;

/// <summary>Group lookups by name (validation has checked that the name exists).</summary>
internal static class NetworkGroupsExtensions
{
    /// <summary>First node and node count of the group named <paramref name="name"/>.</summary>
    public static (int First, int Count) GroupRange(this INetwork net, string name) =>
        net.GroupRange(net.Spec.Groups.FindIndex(g => g.Name == name));
}
