namespace ConnMgr.Sim.Network;

/// <summary>Why a connection is opened; decides its subsystem attribution at both ends.</summary>
public enum ConnectPurpose : byte
{
    /// <summary>The node's own dial loop (address-book peers).</summary>
    Generic,

    /// <summary>A crawler burst (closed right away).</summary>
    Crawl,

    /// <summary>Pubsub discovery of topic peers.</summary>
    Pubsub,

    /// <summary>A DHT query.</summary>
    Dht,
}
