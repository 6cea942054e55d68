namespace ConnMgr.Sim.Network;

/// <summary>The dial-target hook: where a node's dial loop finds peers to dial. One model of a network provides it.</summary>
public interface IDialTargets
{
    /// <summary>A peer for <paramref name="node"/> to dial, drawn with <paramref name="rng"/>: the node's own dial-target stream.</summary>
    int Pick(int node, Random rng);

    /// <summary>A dial from <paramref name="node"/> found <paramref name="peer"/> unreachable.</summary>
    void Unreachable(int node, int peer);

    /// <summary>A cache hint: <paramref name="node"/>'s dial loop wakes soon and will pick from what it knows. Changes nothing.</summary>
    void Prefetch(int node)
    {
    }
}
