using ConnMgr.Engine.Events;
using ConnMgr.Engine.Internal;
using ConnMgr.Engine.Quotas;
using ConnMgr.Engine.Trimming;

namespace ConnMgr.Engine;

/// <summary>
/// Subsystem quotas: static ones from <see cref="ConnectionManagerOptions.Subsystems"/>, and negotiated ones (the
/// connection manager v2 sketch, libp2p/specs PR 161) — a subsystem enrols with a request, the manager grants it or
/// counter-proposes, and each trim opens with a regulation round that enforces the grants, lending unused shares.
/// </summary>
public sealed partial class ConnectionManager<TPeer>
{
    /// <summary>
    /// The count quotas are negotiated against: what a trim leaves (LowWater, or the hard maximum in max mode).
    /// Relative requests are fractions of it; the granted reserves never sum above it.
    /// </summary>
    public int QuotaCapacity => Math.Max(0, _limits.MaxMode ? _limits.Max : _limits.LowWater);

    /// <summary>
    /// Enrols <paramref name="subsystem"/> with a request and answers it. The reserve granted is what fits beside the
    /// other subsystems' reserves within <see cref="QuotaCapacity"/>; the maximum is granted as asked (a count may run
    /// above the capacity until a trim, so a share above it still binds). A counter-proposal's bounds are enforced all
    /// the same: the subsystem should keep within them. Enrolling again replaces the grant; every grant is renewed when
    /// the limits change (<see cref="SetLimits"/>). Raises <see cref="IConnectionManagerObserver{TPeer}.OnQuotaNotice"/>
    /// with the answer.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty, the request is out of range, or 256 subsystems are already known.</exception>
    public QuotaGrant Enrol(string subsystem, QuotaRequest request)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subsystem);
        request.Validate(nameof(request));
        using var call = LockRaising();
        var i = _quotas.IndexOrAdd(subsystem);
        Guard.That(i >= 0, nameof(subsystem), subsystem, $"At most {QuotaBook.MaxSubsystems} subsystems can be told apart.");
        if (!_countsPerSubsystem && _quotas.Names.Length > 1)
        {
            // Until now everything was "other" without bookkeeping (see AddSubsystemCount): start the counts.
            _quotas.Counts = new int[_quotas.Names.Length];
            _quotas.Counts[0] = Count;
            _countsPerSubsystem = true;
        }

        return Grant(i, request);
    }

    /// <summary>The negotiated grant of <paramref name="subsystem"/>, or null when it never enrolled.</summary>
    public QuotaGrant? GrantOf(string subsystem)
    {
        using var call = Lock();
        var i = Array.IndexOf(_quotas.Names, subsystem);
        return i < 0 || !_quotas.IsNegotiated(i) ? null : Answer(i, _quotas.Requests![i]!.Value);
    }

    /// <summary>Units subsystem <paramref name="index"/> held on loan after the last regulation round.</summary>
    public int SubsystemLoan(int index) => _quotas.Lent is { } lent && index < lent.Length ? lent[index] : 0;

    /// <summary>Grants subsystem <paramref name="i"/> what fits of <paramref name="request"/> and raises the answer.</summary>
    private QuotaGrant Grant(int i, QuotaRequest request)
    {
        var capacity = QuotaCapacity;
        var (min, max) = request.Resolve(capacity);
        var othersReserved = 0L;
        for (var k = 0; k < _quotas.Reserved.Length; k++)
        {
            othersReserved += k == i ? 0 : _quotas.Reserved[k];
        }

        var reserved = (int)Math.Clamp(min, 0, Math.Max(0, capacity - othersReserved));
        _quotas.SetGrant(i, request, reserved, Math.Max(reserved, max));
        var grant = Answer(i, request);
        if (grant.Answer == QuotaAnswer.CounterProposal)
        {
            _metrics.QuotaCounterProposals++;
        }

        EmitQuota(i, grant.Answer == QuotaAnswer.Accepted ? QuotaNoticeKind.Granted : QuotaNoticeKind.CounterProposed, 0);
        return grant;
    }

    private QuotaGrant Answer(int i, QuotaRequest request)
    {
        var (min, max) = request.Resolve(QuotaCapacity);
        var asked = _quotas.Reserved[i] == min && _quotas.Max[i] == max;
        return new QuotaGrant(_quotas.Names[i], asked ? QuotaAnswer.Accepted : QuotaAnswer.CounterProposal, _quotas.Reserved[i], _quotas.Max[i]);
    }

    /// <summary>After a limit change: every negotiated grant is renewed against the new capacity, in enrolment-index order.</summary>
    private void RenewGrants()
    {
        if (_quotas.Requests is not { } requests)
        {
            return;
        }

        for (var i = 0; i < requests.Length; i++)
        {
            if (requests[i] is { } request)
            {
                _quotas.Reserved[i] = 0; // its own old reserve must not crowd it out
            }
        }

        for (var i = 0; i < requests.Length; i++)
        {
            if (requests[i] is { } request)
            {
                Grant(i, request);
            }
        }
    }

    /// <summary>
    /// The negotiated half of the regulation round that opens a trim (the static half, in <see cref="RunTrim"/>, lets
    /// subsystems above a static maximum give first until the target is reached). Negotiated grants are hard shares:
    /// what a subsystem holds above its maximum is pruned even below the target — unless
    /// <see cref="ConnectionManagerOptions.LendUnusedQuota"/> lends it the other negotiated subsystems' unused shares;
    /// what the loans cannot cover is reclaimed, most over-quota subsystem first.
    /// </summary>
    private void ReclaimOverQuota(Span<TrimCandidate> span, long now, ref int peersClosed, ref int connsClosed, ref int closedUnits)
    {
        var requests = _quotas.Requests!;
        var names = requests.Length;
        Span<int> over = stackalloc int[names];
        Span<int> cursor = stackalloc int[names];
        long excess = 0, unused = 0;
        for (var k = 0; k < names; k++)
        {
            var count = SubsystemCount(k);
            var negotiated = requests[k] is not null && _quotas.Max[k] != int.MaxValue;
            over[k] = negotiated ? Math.Max(0, count - _quotas.Max[k]) : 0;
            unused += negotiated ? Math.Max(0, _quotas.Max[k] - count) : 0;
            excess += over[k];
        }

        var floor = Options.Bounds?.MinConnections ?? 0;
        var toReclaim = excess - (Options.LendUnusedQuota ? Math.Min(excess, unused) : 0);
        Span<int> reclaimed = stackalloc int[names];
        while (toReclaim > 0 && Count > floor)
        {
            var k = MostOver(over);
            if (k < 0)
            {
                break;
            }

            // The subsystem's lowest-ranked candidate still open; none left (protected, in grace): its excess stays.
            while (cursor[k] < span.Length && (span[cursor[k]].Slot < 0 || span[cursor[k]].Temporary || span[cursor[k]].Subsystem != k))
            {
                cursor[k]++;
            }

            if (cursor[k] >= span.Length)
            {
                over[k] = 0;
                continue;
            }

            var before = SubsystemCount(k);
            Close(ref span[cursor[k]], PruneReason.QuotaExceeded, now, cursor[k], ref peersClosed, ref connsClosed, ref closedUnits);
            var units = Math.Max(1, before - SubsystemCount(k));
            over[k] = Math.Max(0, over[k] - units);
            reclaimed[k] += units;
            toReclaim -= units;
        }

        for (var k = 0; k < names; k++)
        {
            if (reclaimed[k] > 0)
            {
                _metrics.QuotaUnitsReclaimed += reclaimed[k];
                EmitQuota(k, QuotaNoticeKind.Reclaimed, reclaimed[k]);
            }

            var loan = requests[k] is null || !Options.LendUnusedQuota ? 0 : Math.Max(0, SubsystemCount(k) - _quotas.Max[k]);
            if (loan != _quotas.Lent![k])
            {
                _quotas.Lent[k] = loan;
                EmitQuota(k, QuotaNoticeKind.Lent, loan);
            }
        }
    }

    private static int MostOver(Span<int> over)
    {
        var best = -1;
        for (var k = 0; k < over.Length; k++)
        {
            if (over[k] > 0 && (best < 0 || over[k] > over[best]))
            {
                best = k;
            }
        }

        return best;
    }

    private bool AtReserve(byte subsystem)
    {
        if (SubsystemCount(subsystem) > _quotas.Reserved[subsystem])
        {
            return false;
        }

        // Strict: a subsystem at its reserve is spared while any other subsystem is above its own reserve.
        for (var i = 0; i < _quotas.Reserved.Length; i++)
        {
            if (i != subsystem && SubsystemCount(i) > _quotas.Reserved[i])
            {
                return true;
            }
        }

        return false;
    }

    private void EmitQuota(int subsystem, QuotaNoticeKind kind, int units) =>
        Emit(EventKind.QuotaNotice, default, ((long)_quotas.Reserved[subsystem] << 32) | (uint)_quotas.Max[subsystem], units, (subsystem << 8) | (int)kind);
}
