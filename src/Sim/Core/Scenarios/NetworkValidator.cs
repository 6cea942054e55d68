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
            else if (g.Router is { } split && n.Dials == DialDelivery.Split && split.Reboot < n.DialTimeout + TimeSpan.FromSeconds(1))
            {
                // a SYN's entry at the dialer's router is given back when its answer arrives, at most a dial timeout
                // (plus a crawler's 1-s spread) later: after a reboot it would free an entry of the new table
                Err($"{p}.router.reboot", $"must be >= network.dialTimeout + 1 s ({n.DialTimeout + TimeSpan.FromSeconds(1):c}) with network.dials: split: a SYN's router entry is given back when its answer arrives.");
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

        if (n.SampledEventLog < 0)
        {
            Err("network.sampledEventLog", "must be >= 0.");
        }

        Fraction(n.DialFailure, "network.dialFailure");
        if (n.Dials == DialDelivery.Split && n.RemoteCloses != RemoteCloses.HalfRoundTrip)
        {
            Err("network.dials", "split needs network.remoteCloses: halfRoundTrip (a refusal travels back as a close); allowed: instant | split.");
        }

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

        var names = n.Groups.Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
        void Group(string name, string path)
        {
            if (!names.Contains(name))
            {
                Err(path, $"unknown group '{name}'; allowed: {string.Join(", ", n.Groups.Select(g => g.Name))}.");
            }
        }

        if (n.Attack is { } attack)
        {
            ValidateAttack(attack, n, Err, Group);
        }

        if (n.Pubsub is { } ps)
        {
            ValidatePubsub(ps, errors, Err, Fraction, Group);
        }

        if (n.Dht is { DiversityFilter: true } && n.Addresses is null && n.Attack is null)
        {
            Err("network.dht.diversityFilter", "groups servers by /16, so nodes need addresses: set network.addresses (or network.attack).");
        }

        if (n.Dht is { } dht)
        {
            ValidateDht(dht, errors, Err, Fraction, Group);
            var held = (long)dht.ProtectedBuckets * dht.K * n.Groups.Sum(g => (long)g.Count);
            if (dht.ProtectDisconnected && held > Array.MaxLength)
            {
                Err("network.dht.protectDisconnected", $"holds protectedBuckets × k ({dht.ProtectedBuckets} × {dht.K}) peers per node, {held:N0} in all: more than one array holds. Lower protectedBuckets or k, or set it false.");
            }
        }
    }

    private static void ValidateAttack(AttackSpec attack, NetworkSpec n, Action<string, string> err, Action<string, string> group)
    {
        group(attack.Attackers, "network.attack.attackers");
        group(attack.Victims, "network.attack.victims");
        if (attack.Attackers == attack.Victims)
        {
            err("network.attack.victims", $"must name another group than network.attack.attackers ('{attack.Attackers}').");
        }

        if (attack.NetworkGroups > attack.Ips)
        {
            err("network.attack.networkGroups", $"must be <= network.attack.ips ({attack.Ips}): each /16 holds at least one attacker address.");
        }

        var sybils = n.Groups.FirstOrDefault(g => g.Name == attack.Attackers);
        var inPubsub = n.Pubsub is not null && (n.Pubsub.Groups.Count == 0 || n.Pubsub.Groups.Contains(attack.Attackers));
        var inDht = n.Dht is not null && (n.Dht.Groups.Count == 0 || n.Dht.Groups.Contains(attack.Attackers));
        if (attack.DefectAfter is { } defect && (defect < TimeSpan.Zero || !(inPubsub || inDht)))
        {
            err("network.attack.defectAfter", "must be >= 0, and sybils defect only from pubsub or the DHT: set network.pubsub or network.dht with the attacker group in its groups.");
        }

        if (attack.Asns is { } asns && (n.Addresses?.Asns is null || asns > attack.NetworkGroups))
        {
            err("network.attack.asns", $"needs network.addresses.asns (peers grouped by AS) and must be <= network.attack.networkGroups ({attack.NetworkGroups}): each AS announces at least one attacker /16.");
        }

        if (attack.Latency is { } latency && latency < TimeSpan.Zero)
        {
            err("network.attack.latency", "must be >= 0 (a round-trip time such as \"00:00:00.005\").");
        }

        if (attack.AnswerWithSybils && !inDht)
        {
            err("network.attack.answerWithSybils", "sybils answer DHT queries only as DHT members: set network.dht and include the attacker group in network.dht.groups.");
        }

        if (attack.VictimLookupsPerHour > 0 && n.Dht is null)
        {
            err("network.attack.victimLookupsPerHour", "looks up the victims in the DHT: set network.dht (or 0).");
        }

        if (attack.PoisonPrefixBits > 0 && (n.Dht is null || sybils is null || sybils.Dialable <= 0 || (n.Dht.Groups.Count > 0 && !n.Dht.Groups.Contains(attack.Attackers))))
        {
            err("network.attack.poisonPrefixBits", "poisons routing tables only when the sybils are DHT servers: set network.dht, make the attacker group dialable and include it in network.dht.groups.");
        }
    }

    private static void ValidatePubsub(PubsubSpec ps, List<ScenarioError> errors, Action<string, string> err, Action<double, string> fraction, Action<string, string> group)
    {
        const string P = "network.pubsub";
        for (var i = 0; i < ps.Groups.Count; i++)
        {
            group(ps.Groups[i], $"{P}.groups[{i}]");
        }

        if (ps.Topics is < 1 or > 100_000)
        {
            err($"{P}.topics", "must be in [1, 100000].");
        }

        if (ps.TopicsPerNode < 1 || ps.TopicsPerNode > ps.Topics || ps.TopicsPerNode > 64)
        {
            err($"{P}.topicsPerNode", $"must be in [1, min(topics, 64)] (topics is {ps.Topics}).");
        }

        fraction(ps.Subscribers, $"{P}.subscribers");
        if (!(ps.DLo >= 1 && ps.DLo <= ps.D && ps.D <= ps.DHi && ps.DHi <= 1000))
        {
            err($"{P}.d", $"needs 1 <= dLo <= d <= dHi <= 1000 (got dLo {ps.DLo}, d {ps.D}, dHi {ps.DHi}).");
        }

        if (ps.Heartbeat <= TimeSpan.Zero)
        {
            err($"{P}.heartbeat", "must be > 00:00:00.");
        }

        if (ps.PruneBackoff < TimeSpan.Zero)
        {
            err($"{P}.pruneBackoff", "must be >= 00:00:00.");
        }

        if (ps.DiscoveryDials < 0)
        {
            err($"{P}.discoveryDials", "must be >= 0.");
        }

        if (ps.DiscoveryInterval <= TimeSpan.Zero)
        {
            err($"{P}.discoveryInterval", "must be > 00:00:00.");
        }

        if (!(ps.MessagesPerSecond >= 0))
        {
            err($"{P}.messagesPerSecond", "must be >= 0.");
        }

        if (ps.HopLatency is { } hop)
        {
            WorkloadValidator.Distribution(hop, $"{P}.hopLatency", errors);
        }

        if (ps.MeshTagValue < 0 || ps.DeliveryTagBump < 0 || ps.DeliveryTagCap < 1)
        {
            err($"{P}.meshTagValue", "meshTagValue and deliveryTagBump must be >= 0, deliveryTagCap >= 1.");
        }

        if (ps.DeliveryTagDecay <= TimeSpan.Zero)
        {
            err($"{P}.deliveryTagDecay", "must be > 00:00:00.");
        }
    }

    private static void ValidateDht(DhtSpec dht, List<ScenarioError> errors, Action<string, string> err, Action<double, string> fraction, Action<string, string> group)
    {
        const string P = "network.dht";
        for (var i = 0; i < dht.Groups.Count; i++)
        {
            group(dht.Groups[i], $"{P}.groups[{i}]");
        }

        if (dht.Alpha < 1 || dht.Alpha > dht.K)
        {
            err($"{P}.alpha", $"must be in [1, k] (k is {dht.K}).");
        }

        if (!(dht.LookupsPerNodePerHour >= 0))
        {
            err($"{P}.lookupsPerNodePerHour", "must be >= 0.");
        }

        if (dht.RpcLatency is { } rpc)
        {
            WorkloadValidator.Distribution(rpc, $"{P}.rpcLatency", errors);
        }

        if (dht.KbucketTagValue < 0)
        {
            err($"{P}.kbucketTagValue", "must be >= 0.");
        }

        if (dht.ProtectedBuckets is < 0 or > 64)
        {
            err($"{P}.protectedBuckets", "must be in [0, 64].");
        }

        if (dht.EvictAfter < TimeSpan.Zero)
        {
            err($"{P}.evictAfter", "must be >= 00:00:00.");
        }

        for (var i = 0; i < dht.Bursts.Count; i++)
        {
            var b = dht.Bursts[i];
            var p = $"{P}.bursts[{i}]";
            if (b.Group.Length > 0)
            {
                group(b.Group, $"{p}.group");
            }

            fraction(b.Fraction, $"{p}.fraction");
            if (b.At < TimeSpan.Zero)
            {
                err($"{p}.at", "must be >= 00:00:00.");
            }

            if (b.Lookups is < 0 or > 100_000)
            {
                err($"{p}.lookups", "must be in [0, 100000].");
            }

            if (b.Window <= TimeSpan.Zero)
            {
                err($"{p}.window", "must be > 00:00:00.");
            }
        }
    }
}
