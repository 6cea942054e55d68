using ConnMgr.Engine;
using ConnMgr.Engine.Limits;
using ConnMgr.Engine.Quotas;
using ConnMgr.Engine.Tags;
using ConnMgr.Engine.Trimming;

namespace ConnMgr.Sim.Scenarios;

/// <summary>Turns a group's profile and <see cref="EngineSpec"/> overrides into engine options.</summary>
internal static class EngineOptionsFactory
{
    private const int MaxExpectedPeers = 128;

    /// <summary>Validation errors of a group's engine section, with paths under <paramref name="path"/>.</summary>
    public static IEnumerable<ScenarioError> Check(NodeGroupSpec group, string path)
    {
        var e = group.Engine;
        var errors = new List<ScenarioError>();
        if (e.LowWater is { } lo && e.HighWater is { } hi && lo > hi)
        {
            errors.Add(new ScenarioError($"{path}.lowWater", $"LowWater {lo} is above HighWater {hi}; allowed: 0 <= lowWater <= highWater."));
            return errors;
        }

        var mode = e.Mode ?? (Profile.FromName(Safe(group.Profile)).Limits is MaxConnectionsPolicy ? LimitMode.Max : LimitMode.Watermark);
        if (mode == LimitMode.Max && (e.LowWater is not null || e.HighWater is not null || e.SilencePeriod is not null))
        {
            errors.Add(new ScenarioError($"{path}.mode", "max mode takes max (and onLimit, gracePeriod), not lowWater/highWater/silencePeriod."));
        }

        if (mode == LimitMode.Watermark && (e.Max is not null || e.OnLimit is not null))
        {
            errors.Add(new ScenarioError($"{path}.mode", "watermark mode takes lowWater/highWater/gracePeriod/silencePeriod, not max/onLimit; set \"mode\": \"max\" for a hard maximum."));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        ConnectionManagerOptions options;
        try
        {
            options = Build(group, 0);
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            errors.Add(new ScenarioError($"{path}.{MapParam(ex.ParamName)}", FirstLine(ex.Message)));
            return errors;
        }

        if (e.Negotiate is not { Count: > 0 } negotiate)
        {
            return errors;
        }

        // Negotiation on a throwaway engine: a request the engine would refuse fails here, before any run.
        var engine = new ConnectionManager<int>(options, TimeProvider.System);
        for (var i = 0; i < negotiate.Count; i++)
        {
            var q = negotiate[i];
            try
            {
                engine.Enrol(q.Subsystem, q.ToRequest());
            }
            catch (ArgumentException ex)
            {
                var field = ex.ParamName is { } p && p.StartsWith("request.", StringComparison.Ordinal) ? ScenarioSchema.CamelCase(p[8..]) : "subsystem";
                errors.Add(new ScenarioError($"{path}.negotiate[{i}].{field}", FirstLine(ex.Message).Replace("request.", "", StringComparison.Ordinal)));
            }
        }

        return errors;
    }

    /// <summary>Options for one node of <paramref name="group"/>; <paramref name="seed"/> feeds the engine's own random stream.</summary>
    public static ConnectionManagerOptions Build(NodeGroupSpec group, int seed)
    {
        var e = group.Engine;
        var o = Profile.FromName(Safe(group.Profile)) with { ThreadSafe = false, RandomSeed = seed, RaisePeerEvents = false };
        var mode = e.Mode ?? (o.Limits is MaxConnectionsPolicy ? LimitMode.Max : LimitMode.Watermark);
        if (mode == LimitMode.Max)
        {
            // A profile of the other mode falls back to the engine's own defaults, not to numbers typed here.
            var m = o.Limits as MaxConnectionsPolicy ?? MaxConnectionsPolicy.Default;
            o = o with { Limits = new MaxConnectionsPolicy(e.Max ?? m.Max, e.OnLimit ?? m.OnLimit, e.GracePeriod ?? m.GracePeriod) };
        }
        else
        {
            var w = o.Limits as WatermarkPolicy ?? WatermarkPolicy.Default;
            o = o with { Limits = new WatermarkPolicy(e.LowWater ?? w.LowWater, e.HighWater ?? w.HighWater, e.GracePeriod ?? w.GracePeriod, e.SilencePeriod ?? w.SilencePeriod) };
        }

        o = o with
        {
            Count = e.Count ?? o.Count,
            Close = e.Close ?? o.Close,
            Trigger = e.Trigger ?? o.Trigger,
            OutboundBonus = e.OutboundBonus ?? o.OutboundBonus,
            TrimPolicy = e.TrimPolicy is null ? o.TrimPolicy : TrimPolicies.FromName(e.TrimPolicy, e.TrimSeed ?? seed),
            TieBreakers = e.TieBreakers ?? o.TieBreakers,
            TagRetention = e.TagRetention ?? o.TagRetention,
            TransientGracePeriod = e.TransientGracePeriod ?? o.TransientGracePeriod,
            TransientAllowance = e.TransientAllowance ?? o.TransientAllowance,
            HonourRemoteBackoffUpTo = e.HonourRemoteBackoffUpTo ?? o.HonourRemoteBackoffUpTo,
            TrimStep = e.TrimStep ?? o.TrimStep,
            LendUnusedQuota = e.LendUnusedQuota ?? o.LendUnusedQuota,
            NewcomerSlots = e.NewcomerSlots ?? o.NewcomerSlots,
            NewcomersPerPrefix16 = e.NewcomersPerPrefix16 ?? o.NewcomersPerPrefix16,
            CloseRecords = e.CloseRecords ?? o.CloseRecords,
            FlowBudget = e.FlowBudget is { } fb ? new FlowBudget(fb.Flows, fb.Linger) : o.FlowBudget,
            DialWindow = e.DialWindow is { } dw ? new Engine.Dialing.DialWindow(dw.Initial, dw.Min, dw.Max, dw.Decrease) : o.DialWindow,
            ShrinkTables = e.ShrinkTables ?? o.ShrinkTables,
            CompactBackoff = e.CompactBackoff ?? o.CompactBackoff,
            ExpectedPeers = ExpectedPeers(o),
        };
        if (e.Decay is { } d)
        {
            o = o with { Decay = o.Decay with { Enabled = d.Enabled ?? o.Decay.Enabled, Schedule = d.Schedule ?? o.Decay.Schedule, Resolution = d.Resolution ?? o.Decay.Resolution } };
        }

        if (e.Subsystems is { } subs)
        {
            o = o with { Subsystems = subs.Select(q => new SubsystemQuota(q.Name, q.Reserved, q.Max ?? int.MaxValue)).ToArray() };
        }

        if (e.Caps is { } c)
        {
            o = o with { Caps = new ConnectionCaps { MaxInbound = NoCapAtZero(c.MaxInbound), MaxOutbound = NoCapAtZero(c.MaxOutbound), MaxPerPeer = NoCapAtZero(c.MaxPerPeer), PerPeerAction = c.PerPeerAction, MaxInboundPerPrefix16 = NoCapAtZero(c.MaxInboundPerPrefix16), MaxInboundPerPrefix24 = NoCapAtZero(c.MaxInboundPerPrefix24) } };
        }

        return o;
    }

    /// <summary>
    /// Tables sized once for the high mark plus a quarter (the count runs above HighWater while grace and silence hold
    /// a trim back): network-1m-ci allocated 13.2 GB with tables doubling from 4, 10.2 GB sized once (GC pauses 31 → 14 s;
    /// benchmarks/README.md). At most <see cref="MaxExpectedPeers"/>, because a high mark is a ceiling, not a forecast:
    /// a group allowed 900 that holds 50 would otherwise reserve tens of KB per node; beyond it tables double as before.
    /// </summary>
    private static int ExpectedPeers(ConnectionManagerOptions o)
    {
        long high = Watermarks(o).High;
        return (int)Math.Min(MaxExpectedPeers, WithHeadroom(high));
    }

    /// <summary>
    /// The options of a node nobody can dial: its tables are sized for its own dial target plus a quarter, not for the
    /// high mark, because without inbound connections its count stays near the target (100k nodes of network-1m,
    /// 12 virtual minutes: undialable residential nodes used at most 33 slots, against 80 reserved; at 1M that was
    /// ~1.5 GB of tables never touched — benchmarks/README.md, issue 13 "sixth step"). Models that dial on top (DHT
    /// lookups) grow the tables by doubling, as beyond any reservation. Only memory changes: outputs are identical.
    /// </summary>
    public static ConnectionManagerOptions ForUndialable(ConnectionManagerOptions options, int dialTarget)
    {
        var expected = (int)Math.Min(options.ExpectedPeers, WithHeadroom(dialTarget));
        return expected == options.ExpectedPeers ? options : options with { ExpectedPeers = expected };
    }

    /// <summary>A count plus a quarter: tables hold the peers a count runs above its mark while grace and silence hold a trim back.</summary>
    private static long WithHeadroom(long count) => count + (count / 4);

    /// <summary>Scenario files write 0 for "no cap" (the engine's null); the engine's 0 (deny all) is not offered there.</summary>
    private static int? NoCapAtZero(int cap) => cap == 0 ? null : cap;

    /// <summary>The LowWater (or Max) and HighWater (or Max) of built options.</summary>
    public static (int Low, int High) Watermarks(ConnectionManagerOptions o) => o.Limits switch
    {
        WatermarkPolicy w => (w.LowWater, w.HighWater),
        MaxConnectionsPolicy m => (m.Max, m.Max),
        _ => (0, int.MaxValue),
    };

    private static string Safe(string profile) => Profile.Names.Contains(profile) ? profile : "default";

    private static string MapParam(string? param) => param switch
    {
        null => "",
        "lowWater" => "lowWater",
        "highWater" => "highWater",
        "gracePeriod" => "gracePeriod",
        "silencePeriod" => "silencePeriod",
        "max" => "max",
        "Bounds" => "lowWater", // py's min <= low <= high <= max: the profile's bounds are fixed, the watermarks are what a scenario sets
        "Limits.HighWater" => "highWater",
        _ when param.StartsWith("Subsystems", StringComparison.Ordinal) => ScenarioSchema.CamelCase(param),
        _ when param.StartsWith("Caps.", StringComparison.Ordinal) => "caps." + ScenarioSchema.CamelCase(param[5..]),
        _ when param.StartsWith("Decay.", StringComparison.Ordinal) => "decay." + ScenarioSchema.CamelCase(param[6..]),
        _ => ScenarioSchema.CamelCase(param),
    };

    private static string FirstLine(string message)
    {
        var i = message.IndexOf(" (Parameter", StringComparison.Ordinal);
        var s = i > 0 ? message[..i] : message;
        var nl = s.IndexOf('\n', StringComparison.Ordinal);
        return nl > 0 ? s[..nl].TrimEnd() : s;
    }
}

/// <summary>Builds decay functions from <see cref="DecayKindSpec"/>.</summary>
internal static class DecayFactory
{
    public static DecayFunction Build(DecayKindSpec d) => d.Kind switch
    {
        DecayKind.Linear => DecayFunction.Linear(d.Coef!.Value),
        DecayKind.Fixed => DecayFunction.Fixed(d.Amount!.Value),
        DecayKind.HalfLife => DecayFunction.HalfLife(d.HalfLife!.Value),
        DecayKind.ExpireWhenInactive => DecayFunction.ExpireWhenInactive(d.After!.Value),
        _ => DecayFunction.None(),
    };

    public static void Validate(DecayKindSpec d, string path, List<ScenarioError> errors)
    {
        switch (d.Kind)
        {
            case DecayKind.Linear when d.Coef is not (> 0 and <= 1):
                errors.Add(new ScenarioError($"{path}.coef", $"linear decay needs coef in (0, 1]; found {d.Coef?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}."));
                break;
            case DecayKind.Fixed when d.Amount is null or < 0:
                errors.Add(new ScenarioError($"{path}.amount", "fixed decay needs amount >= 0."));
                break;
            case DecayKind.HalfLife when d.HalfLife is null || d.HalfLife <= TimeSpan.Zero:
                errors.Add(new ScenarioError($"{path}.halfLife", "halfLife decay needs halfLife > 00:00:00."));
                break;
            case DecayKind.ExpireWhenInactive when d.After is null || d.After <= TimeSpan.Zero:
                errors.Add(new ScenarioError($"{path}.after", "expireWhenInactive decay needs after > 00:00:00."));
                break;
        }
    }
}
