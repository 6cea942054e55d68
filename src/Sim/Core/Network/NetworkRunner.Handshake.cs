using ConnMgr.Engine;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Network;

/// <summary>
/// Split dials (<c>network.dials: split</c>, with delayed closes): a dial of latency ℓ sends a SYN that reaches the
/// listener at ℓ/2, as an event owned by the listener — its reachability, the path's failure draw (the listener's own
/// stream), the admission of its end (its router's entry) and its engine's <c>Connected(Inbound)</c> run there; the
/// dialer's end was admitted as the SYN left — and the answer reaches the
/// dialer at ℓ, as an event owned by the dialer: its engine's <c>Connected(Outbound)</c>, the models' <c>Connected</c>
/// hooks and the dial's accounting. Between the two the listener holds a connection the dialer does not know yet. A
/// dialer that can no longer take it (down, or connected to the listener meanwhile) closes its end, and the close
/// travels back (<see cref="CloseLocalEnd"/>). Step 2b of docs/design/two-partition-kernel.md. <c>TryConnect</c> (the
/// DHT, pubsub and the attack model, which use its answer at once) stays instant.
/// </summary>
public sealed partial class NetworkRunner
{
    /// <summary>A SYN's kind is this plus the dial's <see cref="ConnectPurpose"/>; an answer's is <see cref="KAnswer"/> plus purpose × 8 plus its <see cref="SynOutcome"/>.</summary>
    private const int KSyn = 16, KAnswer = 32;

    /// <summary>The kind of an answer: <see cref="KAnswer"/> plus purpose × 8 plus outcome (decoded by <see cref="PurposeOfAnswer"/> and <see cref="OutcomeOfAnswer"/>).</summary>
    private static int AnswerKind(ConnectPurpose purpose, SynOutcome outcome) => KAnswer + ((int)purpose * 8) + (int)outcome;

    private static ConnectPurpose PurposeOfAnswer(int kind) => (ConnectPurpose)((kind - KAnswer) / 8);

    private static SynOutcome OutcomeOfAnswer(int kind) => (SynOutcome)((kind - KAnswer) % 8);

    /// <summary>What the listener's side made of a SYN; the answer carries it back.</summary>
    private enum SynOutcome
    {
        Accepted,
        Refused,
        Nat,
        Unreachable,
        Failure,
        DialerNat,
        DialerDown,
    }

    private bool SplitDials => _net.Dials == DialDelivery.Split;

    /// <summary>
    /// Sends a dial's SYN: the edge opens with no end open, the dialer's end is admitted (its router takes an entry),
    /// and the SYN reaches the listener half the latency later. A full router drops the SYN: the dial ends at the
    /// full latency, as one the listener's router drops.
    /// </summary>
    private void SendSyn(int dialer, int listener, long delayTicks, long latencyTicks, ConnectPurpose purpose)
    {
        var edge = _edges.OpenSyn(dialer, listener, latencyTicks - (latencyTicks / 2));
        var refused = (_flags[dialer] & FlagMaskOnlineAlive) != Online ? SynOutcome.DialerDown // a router that died in this dial round takes no entry
            : !Admit(dialer, listener, ConnectionEnds.Dialer) ? SynOutcome.DialerNat : SynOutcome.Accepted;
        if (refused != SynOutcome.Accepted)
        {
            Post(Clock.NowTicks + delayTicks + latencyTicks, AnswerKind(purpose, refused), dialer, edge);
            return;
        }

        Post(Clock.NowTicks + delayTicks + (latencyTicks / 2), KSyn + (int)purpose, listener, edge);
    }

    /// <summary>The SYN of <paramref name="edge"/> reached <paramref name="listener"/>; its answer leaves for the dialer at once.</summary>
    private void SynArrived(int listener, int edge, ConnectPurpose purpose)
    {
        var dialer = _edges.Dialer(edge);
        var outcome = SynOutcome.Accepted;
        if ((_flags[listener] & FlagMaskOnlineAlive) != Online || (_flags[listener] & Dialable) == 0 || dialer == listener)
        {
            outcome = SynOutcome.Unreachable;
        }
        else if (_draws.Fails(listener, _net.DialFailure))
        {
            outcome = SynOutcome.Failure;
        }
        else if (!Admit(dialer, listener, ConnectionEnds.Listener))
        {
            outcome = SynOutcome.Nat;
        }
        else
        {
            _edges.SynArrived(edge);
            if (!_engines[listener].Connected(dialer, Direction.Inbound, edge).Accepted && _edges.IsAccepting(edge, listener))
            {
                RefuseAccepting(edge, listener);
            }

            if (!_edges.IsAccepting(edge, listener))
            {
                outcome = SynOutcome.Refused; // refused, or pruned while taken: the dialer's end never opens
            }
            else
            {
                _edges.Accept(edge);
                Log(listener, EventKinds.Connected, dialer, "inbound"); // each end's row at its own instant
                if (purpose != ConnectPurpose.Crawl)
                {
                    ModelsHearEndOpened(dialer, listener, ConnectionEnds.Listener);
                }
            }
        }

        Post(Clock.NowTicks + _edges.HalfTrip(edge), AnswerKind(purpose, outcome), dialer, edge);
    }

    /// <summary>The answer of <paramref name="edge"/> reached <paramref name="dialer"/>: the dial ends, connected or not.</summary>
    private void AnswerArrived(int dialer, int edge, ConnectPurpose purpose, SynOutcome outcome)
    {
        var listener = _edges.Listener(edge);
        DialReturned(dialer, listener, purpose, unreachable: outcome == SynOutcome.Unreachable);
        Counters(dialer).Dials++;
        if (Logged(dialer))
        {
            Log(dialer, EventKinds.Dial, listener, PurposeNames[(int)purpose]);
        }

        var dialerUp = (_flags[dialer] & FlagMaskOnlineAlive) == Online;
        var connected = _engines[dialer].IsConnected(listener);
        if (outcome != SynOutcome.Accepted)
        {
            EndUnopened(dialer, listener, outcome);
            NotConnected(dialer, listener, outcome, dialerUp, connected);
            _edges.AnswerDropped(edge, dialer);
            if (purpose != ConnectPurpose.Crawl)
            {
                StartLoop(dialer);
            }

            return;
        }

        _edges.Answered(edge); // a listener that dropped the connection meanwhile sent its close, which arrives after this
        if (!dialerUp || connected || !_engines[dialer].Connected(listener, Direction.Outbound, edge).Accepted)
        {
            if (_edges.IsOpenAt(edge, dialer))
            {
                CloseLocalEnd(dialer, edge, RemoteCause.DialerRefused);
            }

            if (!dialerUp || connected)
            {
                DialNotConnected(dialer, listener, dialerUp ? "already-connected" : "unreachable", timedOut: !dialerUp);
            }

            return;
        }

        if (!_edges.IsOpenAt(edge, dialer))
        {
            return; // its engine pruned it while taking it: the close travels already
        }

        CountConnected(dialer, listener);
        Log(dialer, EventKinds.Connected, listener, "outbound");
        if (purpose == ConnectPurpose.Crawl)
        {
            _engines[dialer].Disconnected(listener, edge);
            Log(dialer, EventKinds.Disconnected, listener, "probe");
            CloseLocalEnd(dialer, edge, RemoteCause.Probe);
            return;
        }

        ModelsHearEndOpened(dialer, listener, ConnectionEnds.Dialer);
        ModelsHearConnected(dialer, listener, purpose);
    }

    /// <summary>
    /// The dialer's end of a dial that did not connect was admitted when its SYN left: the models give it back when no
    /// connection came of it, or hear it closed when the listener took the connection and refused it (as an instant
    /// dial's refused edge closes at both ends).
    /// </summary>
    private void EndUnopened(int dialer, int listener, SynOutcome outcome)
    {
        if (outcome == SynOutcome.Refused)
        {
            ModelsHearEndClosed(dialer, listener, ConnectionEnds.Dialer);
        }
        else if (outcome is not (SynOutcome.DialerNat or SynOutcome.DialerDown))
        {
            CancelAdmission(dialer, listener, ConnectionEnds.Dialer);
        }
    }

    /// <summary>The reason and ending of a split dial that did not connect, as an instant dial's (<see cref="Connect"/>).</summary>
    private void NotConnected(int dialer, int listener, SynOutcome outcome, bool dialerUp, bool connected)
    {
        if (outcome is SynOutcome.Nat or SynOutcome.DialerNat or SynOutcome.Refused)
        {
            var nat = outcome is SynOutcome.Nat or SynOutcome.DialerNat;
            DialNotConnected(dialer, listener, nat ? "nat" : "refused", timedOut: nat);
            return;
        }

        var reason = outcome != SynOutcome.Failure ? "unreachable" : connected ? "already-connected" : "failure";
        DialNotConnected(dialer, listener, reason, timedOut: outcome != SynOutcome.Failure, unanswered: dialerUp && !connected);
    }
}
