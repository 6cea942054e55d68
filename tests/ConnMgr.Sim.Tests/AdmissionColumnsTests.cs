using ConnMgr.Sim.Experiments;
using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Tests;

/// <summary>Admission attempts and rejections per reason: a rejection share can be read from the summary alone.</summary>
public class AdmissionColumnsTests
{
    [Test]
    public void JsProfile_RejectsAtItsMaximum_AndTheReasonsAddUpToRejected()
    {
        var plan = RunPlans.Expand(Repo.Scenario("profiles.json"), new Dictionary<string, string>(), [], VariantSelection.Variants, Repo.TempDir()).Single(p => p.Variant == "js");
        var result = Runs.Create(plan.Load()).Run();
        var rejected = result.Metric(SharedColumns.Rejected.Name);
        var byReason = SharedColumns.RejectedByReason.Select(c => result.Metric(c.Name)).ToArray();
        Assert.That(rejected, Is.GreaterThan(0), "js rejects inbound at maxConnections");
        Assert.That(byReason.Sum(), Is.EqualTo(rejected));
        Assert.That(result.Metric("rejected_max_connections"), Is.EqualTo(rejected), "every js rejection is at its maximum");
        Assert.That(result.Metric(SharedColumns.AdmissionAttempts.Name), Is.GreaterThan(rejected), "attempts are accepted plus rejected");
    }

    [Test]
    public void NetworkRun_CountsEveryAdmission()
    {
        var result = Networks.Create(Scenarios.ScenarioLoader.Load(Repo.Scenario("network-10k.json"), new Dictionary<string, string> { ["duration"] = "00:02:00" })).Run();
        var attempts = result.Metric(SharedColumns.AdmissionAttempts.Name);
        Assert.That(attempts, Is.GreaterThan(0));
        Assert.That(SharedColumns.RejectedByReason.Sum(c => result.Metric(c.Name)), Is.EqualTo(result.Metric(SharedColumns.Rejected.Name)));
        Assert.That(attempts, Is.EqualTo(result.Metric("admission_attempts", "residential") + result.Metric("admission_attempts", "server")), "the all row sums the groups");
    }
}
