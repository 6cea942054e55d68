using ConnMgr.Engine.Events;

namespace ConnMgr.Sim.Network;

/// <summary>
/// The one call site of each model hook that more than one runner path reaches (<see cref="NetworkModel"/>): instant
/// and split dials, instant and delayed closes call these, so a hook is called in one place, in the models' order
/// (<see cref="ModelHooks"/>).
/// </summary>
public sealed partial class NetworkRunner
{
    /// <summary>The one call site of the models' <c>EndOpened</c> hook: both ends of an instant dial, or one end of a split one.</summary>
    private void ModelsHearEndOpened(int dialer, int listener, ConnectionEnds ends)
    {
        foreach (var m in _hooks.EndOpened)
        {
            m.EndOpened(dialer, listener, ends);
        }
    }

    /// <summary>The one call site of the models' <c>Connected</c> hook, for instant and split dials alike.</summary>
    private void ModelsHearConnected(int dialer, int listener, ConnectPurpose purpose)
    {
        foreach (var m in _hooks.Connected)
        {
            m.Connected(dialer, listener, purpose);
        }
    }

    /// <summary>A dial attempt went unanswered (peer unreachable, the dial failed or timed out): the models hear of it once.</summary>
    private void DialFailed(int dialer, int listener)
    {
        foreach (var m in _hooks.DialFailed)
        {
            m.DialFailed(dialer, listener);
        }
    }

    /// <summary>The models' admission at <paramref name="ends"/> (NAT entries, addresses); a refusal gives back what the earlier models took.</summary>
    private bool Admit(int dialer, int listener, ConnectionEnds ends)
    {
        var admit = _hooks.Admit;
        for (var i = 0; i < admit.Length; i++)
        {
            if (!admit[i].Admit(dialer, listener, ends))
            {
                CancelAdmission(dialer, listener, ends, i);
                return false;
            }
        }

        return true;
    }

    /// <summary>Gives back the admission of <paramref name="ends"/> by the first <paramref name="models"/> admitting models (all by default), last first.</summary>
    private void CancelAdmission(int dialer, int listener, ConnectionEnds ends, int models = int.MaxValue)
    {
        var admit = _hooks.Admit;
        for (var j = Math.Min(models, admit.Length) - 1; j >= 0; j--)
        {
            admit[j].AdmitCancelled(dialer, listener, ends);
        }
    }

    /// <summary>The one call site of the models' <c>PruneHeard</c> hook: <paramref name="node"/> learned that <paramref name="pruner"/> pruned it.</summary>
    private void ModelsHearPrune(int node, int pruner, PruneReason reason)
    {
        foreach (var m in _hooks.PruneHeard)
        {
            m.PruneHeard(node, pruner, reason);
        }
    }

    /// <summary>The one call site of the models' <c>EndClosed</c> hook: both ends of an instant close, or one end of a delayed one.</summary>
    private void ModelsHearEndClosed(int dialer, int listener, ConnectionEnds ends)
    {
        foreach (var m in _hooks.EndClosed)
        {
            m.EndClosed(dialer, listener, ends);
        }
    }

    /// <summary>The one call site of the models' <c>Disconnected</c> hook, for instant and delayed closes alike.</summary>
    private void ModelsHearClosed(int dialer, int listener)
    {
        foreach (var m in _hooks.Disconnected)
        {
            m.Disconnected(dialer, listener);
        }
    }
}
