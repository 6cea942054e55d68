using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network.Quotas;

/// <summary>
/// Negotiated quotas (connection manager v2, libp2p/specs PR 161): at the start every engine of a group with
/// <c>engine.negotiate</c> enrols those subsystems, in order; the engine answers each (granted or counter-proposed)
/// and enforces the grants at every trim. Registered before pubsub, whose quota audit reads the grants. The model
/// adds no event: the regulation happens inside the engines' trims.
/// </summary>
internal sealed class QuotaModel : NetworkModel
{
    public static readonly ModelRegistration Registration = new(
        new ColumnGroup("quotas", RunMode.Network, [], QuotaColumns.Summary),
        [],
        (net, _) => net.Spec.Groups.Any(g => g.Engine.Negotiate is { Count: > 0 }) ? new QuotaModel(net) : null);

    private readonly INetwork _net;

    private QuotaModel(INetwork net)
    {
        _net = net;
        for (var g = 0; g < net.Spec.Groups.Count; g++)
        {
            var requests = (net.Spec.Groups[g].Engine.Negotiate ?? []).Select(q => (q.Subsystem, Request: q.ToRequest())).ToArray();
            var (first, count) = net.GroupRange(g);
            for (var node = first; node < first + count && requests.Length > 0; node++)
            {
                foreach (var (subsystem, request) in requests)
                {
                    net.Engine(node).Enrol(subsystem, request);
                }
            }
        }
    }

    /// <inheritdoc/>
    public override bool RunsInPartitions => true;

    public override IReadOnlyList<Column> SummaryColumns => QuotaColumns.Summary;

    public override void Summarize(int group, Span<double> values)
    {
        var (first, count) = group >= 0 ? _net.GroupRange(group) : (0, _net.Nodes);
        long proposals = 0, reclaimed = 0, onLoan = 0;
        for (var node = first; node < first + count; node++)
        {
            var engine = _net.Engine(node);
            proposals += engine.Metrics.QuotaCounterProposals;
            reclaimed += engine.Metrics.QuotaUnitsReclaimed;
            for (var k = 0; k < engine.SubsystemNames.Count; k++)
            {
                onLoan += engine.SubsystemLoan(k);
            }
        }

        values[0] = proposals;
        values[1] = reclaimed;
        values[2] = count == 0 ? 0 : (double)onLoan / count;
    }
}
