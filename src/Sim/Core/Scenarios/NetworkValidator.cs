namespace ConnMgr.Sim.Scenarios;

/// <summary>Range checks of a network section.</summary>
internal static class NetworkValidator
{
    public static void Validate(Scenario s, List<ScenarioError> errors)
    {
        var n = s.Network!;
        void Err(string p, string m) => errors.Add(new ScenarioError(p, m));
        void Fraction(double v, string p)
        {
            if (!(v >= 0 && v <= 1))
            {
                Err(p, $"{v} is out of range; a fraction must be in [0, 1].");
            }
        }

        if (s.Timeline.Count > 0)
        {
            Err("timeline", "timelines drive focal nodes; a network scenario has none.");
        }

        if (n.Groups.Count is 0 or > 250)
        {
            Err("network.groups", "between 1 and 250 groups.");
        }

        long total = 0;
        for (var i = 0; i < n.Groups.Count; i++)
        {
            var g = n.Groups[i];
            var p = $"network.groups[{i}]";
            if (g.Count < 1)
            {
                Err($"{p}.count", "must be >= 1.");
            }

            total += g.Count;
            Fraction(g.Dialable, $"{p}.dialable");
            if (g.DialTarget < 0)
            {
                Err($"{p}.dialTarget", "must be >= 0.");
            }

            if (g.DialInterval <= TimeSpan.Zero)
            {
                Err($"{p}.dialInterval", "must be > 00:00:00.");
            }

            foreach (var e in EngineOptionsFactory.Check(new NodeGroupSpec { Profile = g.Profile, Engine = g.Engine }, $"{p}.engine"))
            {
                errors.Add(e);
            }

            if (g.Router is { } r && (r.NatEntries < 1 || r.Linger < TimeSpan.Zero || r.Reboot <= TimeSpan.Zero))
            {
                Err($"{p}.router", "needs natEntries >= 1, linger >= 00:00:00 and reboot > 00:00:00.");
            }

            if (g.Churn is { } c)
            {
                WorkloadValidator.Distribution(c.Session, $"{p}.churn.session", errors);
                WorkloadValidator.Distribution(c.OffTime, $"{p}.churn.offTime", errors);
                Fraction(c.InitiallyOnline, $"{p}.churn.initiallyOnline");
            }
        }

        if (total > 20_000_000)
        {
            Err("network.groups", $"{total} nodes; at most 20,000,000.");
        }

        if (n.AddressBook < 1)
        {
            Err("network.addressBook", "must be >= 1.");
        }

        if (n.SampledEventLog < 0)
        {
            Err("network.sampledEventLog", "must be >= 0.");
        }

        Fraction(n.DialFailure, "network.dialFailure");
        if (n.DialTimeout <= TimeSpan.Zero)
        {
            Err("network.dialTimeout", "must be > 00:00:00.");
        }

        if (n.DialLatency is { } lat)
        {
            WorkloadValidator.Distribution(lat, "network.dialLatency", errors);
        }

        for (var i = 0; i < n.Storms.Count; i++)
        {
            Fraction(n.Storms[i].Fraction, $"network.storms[{i}].fraction");
        }

        if (n.Crawlers is { } cr && (cr.PerHour < 0 || cr.Peers < 0))
        {
            Err("network.crawlers", "perHour and peers must be >= 0.");
        }
    }
}
