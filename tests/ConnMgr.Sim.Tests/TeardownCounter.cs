using ConnMgr.Sim.Network;
using ConnMgr.Sim.Network.Models;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Scenarios;

namespace ConnMgr.Sim.Tests;

/// <summary>
/// A model added last to a network (<see cref="RunnerWith"/>) that counts its admissions (each opens an edge), the
/// connections it hears open and the closes it hears: with delayed closes and split dials, admitted minus closed is
/// the edges with an open end.
/// </summary>
internal sealed class TeardownCounter : NetworkModel
{
    public long Admitted { get; private set; }

    public long Opened { get; private set; }

    public long Closed { get; private set; }

    /// <summary>A network of <paramref name="scenario"/> with the built-in models and this counter last.</summary>
    public NetworkRunner RunnerWith(Scenario scenario) =>
        Networks.CreateWith(scenario, "teardown-test", _ => this);

    /// <summary>Exponential churn with the given mean session and off-time, in minutes.</summary>
    public static ChurnSpec Churn(int sessionMinutes, int offMinutes) => new()
    {
        Session = new DurationDistributionSpec { Kind = DistributionKind.Exponential, Mean = TimeSpan.FromMinutes(sessionMinutes) },
        OffTime = new DurationDistributionSpec { Kind = DistributionKind.Exponential, Mean = TimeSpan.FromMinutes(offMinutes) },
    };

    /// <summary>It only counts, so split dials still run in two partitions with it.</summary>
    public override bool RunsInPartitions => true;

    /// <summary>An admission that reaches the listener's end opens an edge (a split dial's dialer end is admitted earlier, when its SYN leaves).</summary>
    public override bool Admit(int dialer, int listener, ConnectionEnds ends)
    {
        Admitted += (ends & ConnectionEnds.Listener) != 0 ? 1 : 0;
        return true;
    }

    public override void Connected(int dialer, int listener, ConnectPurpose purpose) => Opened++;

    public override void Disconnected(int dialer, int listener) => Closed++;
}
