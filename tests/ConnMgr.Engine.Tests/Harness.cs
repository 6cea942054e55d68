using ConnMgr.Engine.Quotas;
namespace ConnMgr.Engine.Tests;

/// <summary>An engine on a virtual clock, with every event recorded.</summary>
internal sealed class Harness
{
    public Harness(ConnectionManagerOptions options, TableArena? tables = null)
    {
        Clock = new SimClock();
        Events = new RecordingObserver();
        Manager = new ConnectionManager<int>(options with { ThreadSafe = false }, Clock, Events, tables);
        Events.Manager = Manager;
        Events.Clock = Clock;
    }

    public SimClock Clock { get; }

    public RecordingObserver Events { get; }

    public ConnectionManager<int> Manager { get; }

    public static ConnectionManagerOptions Watermarks(int low, int high, double graceMs = 0, double silenceMs = 0) =>
        Profile.Default with { Limits = new WatermarkPolicy(low, high, TimeSpan.FromMilliseconds(graceMs), TimeSpan.FromMilliseconds(silenceMs)) };

    public void Advance(double ms) => Clock.RunFor(TimeSpan.FromMilliseconds(ms));

    public void AdvanceSeconds(double s) => Clock.RunFor(TimeSpan.FromSeconds(s));

    public ConnectDecision Connect(int peer, Direction direction = Direction.Inbound, long connectionId = 0, ConnectionFlags flags = ConnectionFlags.None) =>
        Manager.Connected(peer, direction, connectionId, flags);

    public void ConnectMany(int from, int count, Direction direction = Direction.Inbound)
    {
        for (var p = from; p < from + count; p++)
        {
            Connect(p, direction);
        }
    }

    public int[] ConnectedOf(IEnumerable<int> peers) => peers.Where(Manager.IsConnected).ToArray();

    /// <summary>
    /// One step of the random workload that side-by-side tests give two managers: <paramref name="op"/> 0 or 1
    /// connects (inbound for even peers), 2 disconnects, 3 tags; then 3 ms pass.
    /// </summary>
    public void RandomStep(int op, int peer, long connectionId)
    {
        switch (op)
        {
            case 0:
            case 1:
                Connect(peer, (peer & 1) == 0 ? Direction.Inbound : Direction.Outbound, connectionId);
                break;
            case 2:
                Manager.Disconnected(peer);
                break;
            default:
                Manager.TagPeer(peer, "t", peer % 7);
                break;
        }

        Advance(3);
    }
}

/// <summary>Records events, and checks that each is raised after its state change.</summary>
internal sealed class RecordingObserver : IConnectionManagerObserver<int>
{
    public ConnectionManager<int>? Manager { get; set; }

    public SimClock? Clock { get; set; }

    public List<string> Log { get; } = [];

    public List<(int Peer, long Connection, int Score, PruneReason Reason)> Pruned { get; } = [];

    public List<TrimReport> Trims { get; } = [];

    public List<(int Peer, int Attempt, long AtTicks)> Redials { get; } = [];

    public List<int> KeepAliveFailures { get; } = [];

    public List<RejectReason> Rejections { get; } = [];

    public bool StateMatchedEveryEvent { get; private set; } = true;

    public void OnConnected(int peer, long connectionId, Direction direction)
    {
        Log.Add($"connected {peer}");
        StateMatchedEveryEvent &= Manager!.IsConnected(peer);
    }

    public void OnDisconnected(int peer, long connectionId, DisconnectReason reason) => Log.Add($"disconnected {peer} {reason}");

    public Action<int>? PrunedCheck { get; set; }

    public void OnPruned(int peer, long connectionId, int score, PruneReason reason)
    {
        PrunedCheck?.Invoke(peer);
        Log.Add($"pruned {peer}");
        Pruned.Add((peer, connectionId, score, reason));
    }

    public void OnTrimCompleted(in TrimReport report)
    {
        Log.Add($"trim {report.Before}->{report.After}");
        Trims.Add(report);
    }

    public void OnRejected(int peer, RejectReason reason) => Rejections.Add(reason);

    public void OnRedialRequested(int peer, int attempt) => Redials.Add((peer, attempt, Clock?.NowTicks ?? 0));

    public void OnKeepAliveFailed(int peer)
    {
        KeepAliveFailures.Add(peer);
        KeepAliveFailureTicks.Add(Clock?.NowTicks ?? 0);
    }

    public List<long> KeepAliveFailureTicks { get; } = [];

    public List<(int Peer, long AtTicks)> AutoDials { get; } = [];

    public void OnPeerJoined(int peer, Direction direction) => Log.Add($"joined {peer} {direction}");

    public void OnPeerLeft(int peer) => Log.Add($"left {peer}");

    public void OnPeerIdentified(int peer) => Log.Add($"identified {peer}");

    public void OnAutoDialRequested(int peer) => AutoDials.Add((peer, Clock?.NowTicks ?? 0));

    public List<(int Peer, PruneReason Reason, TimeSpan Backoff)> RemoteBackoffs { get; } = [];

    public void OnRemoteBackoff(int peer, PruneReason reason, TimeSpan backoff) => RemoteBackoffs.Add((peer, reason, backoff));

    public List<QuotaNotice> QuotaNotices { get; } = [];

    public void OnQuotaNotice(in QuotaNotice notice) => QuotaNotices.Add(notice);

    public List<CloseRecord<int>> Closes { get; } = [];

    public void OnClosed(CloseRecord<int> record)
    {
        Closes.Add(record);
        Log.Add($"closed {record.Peer}");
    }

    public int[] PrunedPeers => Pruned.Select(p => p.Peer).Distinct().ToArray();
}
