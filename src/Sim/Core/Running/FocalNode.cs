using ConnMgr.Sim.Results;
using ConnMgr.Engine;
using ConnMgr.Engine.Events;
using ConnMgr.Engine.Trimming;

namespace ConnMgr.Sim.Running;

/// <summary>
/// One focal node: its engine, the simulator's view of its peers, and the measurements its engine's events feed.
/// Implements the engine's observer, so every measurement follows the engine's own state changes.
/// </summary>
internal sealed class FocalNode : IConnectionManagerObserver<int>
{
    private readonly ScenarioRunner _runner;
    private long _lastChange;
    private int _lastCount;
    private bool _above;

    public FocalNode(ScenarioRunner runner, int id, int group, int indexInGroup, ConnectionManagerOptions options, int low, int high, long now)
    {
        _runner = runner;
        Id = id;
        Group = group;
        IndexInGroup = indexInGroup;
        Low = low;
        High = high;
        _lastChange = now;
        IntervalStart = now;
        Engine = new ConnectionManager<int>(options, runner.Clock, this);
    }

    public int Id { get; }

    public int Group { get; }

    public int IndexInGroup { get; }

    public int Low { get; }

    public int High { get; }

    public ConnectionManager<int> Engine { get; }

    public HashSet<int> Connected { get; } = [];

    public HashSet<int> OutboundPeers { get; } = [];

    public HashSet<int> ProtectedPeers { get; } = [];

    public int NextPeer { get; set; } = 1;

    public int PendingDials { get; set; }

    public int IntervalPruned { get; set; }

    public int IntervalRejected { get; set; }

    /// <summary>Connections the engine accepted in the current trace interval.</summary>
    public int IntervalAccepted { get; set; }

    public int IntervalTrims { get; set; }

    public long PrunedTotal { get; private set; }

    public long ProtectedPruned { get; private set; }

    public long RejectedTotal { get; private set; }

    /// <summary>Connections the engine accepted (every OnConnected), for admission attempts.</summary>
    public long AcceptedTotal { get; private set; }

    /// <summary>Rejections per <see cref="RejectReason"/> value.</summary>
    public long[] RejectedBy { get; } = new long[Enum.GetValues<RejectReason>().Length];

    public long TrimsTotal { get; private set; }

    public int MaxCount { get; private set; }

    /// <summary>Largest count a trim that had work to do ended with; -1 before any.</summary>
    public int MaxAfterTrim { get; private set; } = -1;

    public long TimeAboveTicks { get; private set; }

    /// <summary>∫ count dt over the whole run (count × ticks).</summary>
    public double Area { get; private set; }

    /// <summary>∫ count dt since <see cref="IntervalStart"/>.</summary>
    public double IntervalArea { get; private set; }

    public long IntervalStart { get; private set; }

    public List<int> PrunedScores { get; } = [];

    public void OnConnected(int peer, long connectionId, Direction direction)
    {
        Connected.Add(peer);
        AcceptedTotal++;
        IntervalAccepted++;
        if (direction == Direction.Outbound)
        {
            OutboundPeers.Add(peer);
        }

        Touch();
        if (_runner.Logging)
        {
            _runner.Log(this, EventKinds.Connected, peer, direction == Direction.Outbound ? "outbound" : "inbound");
        }
    }

    public void OnDisconnected(int peer, long connectionId, DisconnectReason reason)
    {
        if (Engine.IsConnected(peer))
        {
            return;
        }

        Connected.Remove(peer);
        var wasOutbound = OutboundPeers.Remove(peer);
        Touch();
        if (_runner.Logging && reason != DisconnectReason.Pruned)
        {
            _runner.Log(this, EventKinds.Disconnected, peer, reason.ToString()); // a prune has its own row
        }

        if (wasOutbound)
        {
            _runner.MaintainOutbound(this);
        }
    }

    public void OnPruned(int peer, long connectionId, int score, PruneReason reason)
    {
        IntervalPruned++;
        PrunedTotal++;
        if (ProtectedPeers.Contains(peer) || Engine.IsProtected(peer))
        {
            ProtectedPruned++;
        }

        if (PrunedScores.Count < 200_000)
        {
            PrunedScores.Add(score);
        }

        if (_runner.Logging)
        {
            _runner.Log(this, EventKinds.Pruned, peer, reason.ToString(), score);
        }
    }

    public void OnClosed(CloseRecord<int> record)
    {
        if (_runner.Logging)
        {
            _runner.Log(this, EventKinds.CloseRecord, record.Peer, CloseRecordText.Format(record), record.Score);
        }
    }

    public void OnTrimCompleted(in TrimReport report)
    {
        IntervalTrims++;
        TrimsTotal++;
        if (report.Outcome != TrimOutcome.NothingToDo)
        {
            MaxAfterTrim = Math.Max(MaxAfterTrim, report.After);
        }

        if (_runner.Logging)
        {
            _runner.Log(this, EventKinds.Trim, -1, $"{report.Cause}:{report.Outcome}:{report.Before}->{report.After}");
        }
    }

    public void OnRejected(int peer, RejectReason reason)
    {
        IntervalRejected++;
        RejectedTotal++;
        RejectedBy[(int)reason]++;
        if (_runner.Logging)
        {
            _runner.Log(this, EventKinds.Rejected, peer, reason.ToString());
        }
    }

    public void OnRedialRequested(int peer, int attempt) => _runner.Redial(this, peer);

    /// <summary>Accumulates time-weighted counts up to now, then takes the new count.</summary>
    public void Touch()
    {
        var now = _runner.Clock.NowTicks;
        var dt = now - _lastChange;
        Area += (double)_lastCount * dt;
        IntervalArea += (double)_lastCount * dt;
        if (_above)
        {
            TimeAboveTicks += dt;
        }

        _lastChange = now;
        _lastCount = Engine.Count;
        _above = _lastCount > High;
        MaxCount = Math.Max(MaxCount, _lastCount);
    }

    /// <summary>Closes the trace interval: returns the time-averaged count over it and starts the next.</summary>
    public double EndInterval()
    {
        Touch();
        var now = _runner.Clock.NowTicks;
        var span = now - IntervalStart;
        var mean = span > 0 ? IntervalArea / span : _lastCount;
        IntervalArea = 0;
        IntervalStart = now;
        IntervalPruned = IntervalRejected = IntervalAccepted = IntervalTrims = 0;
        return mean;
    }
}
