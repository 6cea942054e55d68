using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network;

/// <summary>
/// The dial gate: when a group's engines keep a flow budget or a dial window, the runner asks the dialer's engine
/// before every dial (<c>TryBeginDial</c>) and tells it how the dial ended — connected (the engine sees the outbound
/// connection), timed out (no answer: <c>ReportDialTimeout</c>) or refused (<c>ReportDialFailure</c>). Groups without
/// either never call the engine here, so their runs are unchanged.
/// </summary>
public sealed partial class NetworkRunner
{
    /// <summary>
    /// True unless the dialer's engine keeps a flow budget or dial window and refuses the dial (it counts the refusal); an accepted
    /// dial is pending in that engine until it connects or <see cref="DialEnded"/> reports its failure.
    /// </summary>
    private bool MayDial(int dialer, int listener)
    {
        if (!_groups[_group[dialer]].GatesDials)
        {
            return true;
        }

        var decision = _engines[dialer].TryBeginDial(listener);
        if (decision.Accepted)
        {
            return true;
        }

        Log(dialer, EventKinds.DialFailed, listener, decision.Reason == ConnMgr.Engine.RejectReason.FlowBudget ? "flow-budget" : "dial-window");
        return false;
    }

    /// <summary>
    /// A dial that did not connect: an engine that was asked before it (<see cref="MayDial"/>) ends it — timed out (no
    /// answer: the dial window shrinks) or refused — and its attempt lingers at the router.
    /// </summary>
    private void DialEnded(int dialer, int listener, bool timedOut)
    {
        if (!_groups[_group[dialer]].GatesDials)
        {
            return;
        }

        if (timedOut)
        {
            _engines[dialer].ReportDialTimeout(listener);
        }
        else
        {
            _engines[dialer].ReportDialFailure(listener);
        }
    }

    /// <inheritdoc/>
    public bool BeginDial(int dialer, int listener) => MayDial(dialer, listener);

    /// <inheritdoc/>
    public bool CompleteDial(int dialer, int listener, ConnectPurpose purpose)
    {
        if (_engines[dialer].IsConnected(listener) && IsUp(listener))
        {
            // Connected meanwhile (the peer dialed, or another query did): the dial is moot, not failed.
            if (_groups[_group[dialer]].GatesDials)
            {
                _engines[dialer].EndDial();
            }

            return true;
        }

        return Connect(dialer, listener, purpose);
    }

    /// <inheritdoc/>
    public void DialTimedOut(int dialer, int listener) => DialEnded(dialer, listener, timedOut: true);
}
