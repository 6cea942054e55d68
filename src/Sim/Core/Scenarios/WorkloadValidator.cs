namespace ConnMgr.Sim.Scenarios;

/// <summary>Range checks of a workload section.</summary>
internal static class WorkloadValidator
{
    public static void Validate(WorkloadSpec w, string path, List<ScenarioError> errors)
    {
        void Err(string p, string m) => errors.Add(new ScenarioError(p, m));
        void Fraction(double v, string p)
        {
            if (!(v >= 0 && v <= 1))
            {
                Err(p, $"{v} is out of range; a fraction must be in [0, 1].");
            }
        }

        var needsSessions = false;
        if (w.Inbound is { } inbound)
        {
            if (!(inbound.Rate >= 0))
            {
                Err($"{path}.inbound.rate", "must be >= 0 arrivals per second.");
            }

            Fraction(inbound.TransientFraction, $"{path}.inbound.transientFraction");
            for (var i = 0; i < inbound.Bursts.Count; i++)
            {
                var b = inbound.Bursts[i];
                if (b.Count < 0 || b.At < TimeSpan.Zero || b.Spread < TimeSpan.Zero)
                {
                    Err($"{path}.inbound.bursts[{i}]", "needs count >= 0, at >= 00:00:00 and spread >= 00:00:00.");
                }
            }

            needsSessions = inbound.Rate > 0 || inbound.Bursts.Count > 0;
        }

        if (w.Outbound is { } outbound)
        {
            if (outbound.Target < 0)
            {
                Err($"{path}.outbound.target", "must be >= 0.");
            }

            Fraction(outbound.FailureProbability, $"{path}.outbound.failureProbability");
            if (outbound.RetryInterval <= TimeSpan.Zero)
            {
                Err($"{path}.outbound.retryInterval", "must be > 00:00:00.");
            }

            if (outbound.DialLatency is { } lat)
            {
                Distribution(lat, $"{path}.outbound.dialLatency", errors);
            }

            needsSessions |= outbound.Target > 0;
        }

        if (w.Sessions is { } sessions)
        {
            Distribution(sessions, $"{path}.sessions", errors);
        }
        else if (needsSessions)
        {
            Err($"{path}.sessions", "arrivals or outbound dials need a session distribution (kind: constant, exponential, weibull, pareto, lognormal).");
        }

        if (w.Tagging is { } t)
        {
            Fraction(t.Fraction, $"{path}.tagging.fraction");
            if (string.IsNullOrWhiteSpace(t.Tag))
            {
                Err($"{path}.tagging.tag", "a static tag needs a non-empty name.");
            }

            if (t.Fraction > 0 && t.Value is null)
            {
                Err($"{path}.tagging.value", "a static tag needs a value distribution (kind: constant, uniform, exponential).");
            }

            if (t.Value is { } v)
            {
                var ok = v.Kind switch
                {
                    ValueKind.Constant => v.Value is not null,
                    ValueKind.Uniform => v.Min is not null && v.Max is not null && v.Min <= v.Max,
                    _ => v.Mean is > 0,
                };
                if (!ok)
                {
                    Err($"{path}.tagging.value", $"kind '{ScenarioSchema.CamelCase(v.Kind.ToString())}' needs: constant → value; uniform → min <= max; exponential → mean > 0.");
                }

                var takes = v.Kind switch { ValueKind.Constant => "value", ValueKind.Uniform => "min and max", _ => "mean" };
                Stray($"{path}.tagging.value", v.Kind.ToString(), takes, errors, ("value", v.Value is not null && v.Kind != ValueKind.Constant),
                    ("min", v.Min is not null && v.Kind != ValueKind.Uniform), ("max", v.Max is not null && v.Kind != ValueKind.Uniform),
                    ("mean", v.Mean is not null && v.Kind != ValueKind.Exponential));
            }

            if (t.Decaying is { } d)
            {
                Fraction(d.Fraction, $"{path}.tagging.decaying.fraction");
                if (string.IsNullOrWhiteSpace(d.Tag))
                {
                    Err($"{path}.tagging.decaying.tag", "a decaying tag needs a non-empty name.");
                }

                if (d.Interval <= TimeSpan.Zero)
                {
                    Err($"{path}.tagging.decaying.interval", "must be > 00:00:00.");
                }

                if (!(d.BumpRate >= 0))
                {
                    Err($"{path}.tagging.decaying.bumpRate", "must be >= 0 bumps per second.");
                }

                DecayFactory.Validate(d.Decay, $"{path}.tagging.decaying.decay", errors);
            }
        }

        if (w.Protection is { } pr)
        {
            Fraction(pr.Fraction, $"{path}.protection.fraction");
        }

        if (w.NetworkGroups < 0)
        {
            Err($"{path}.networkGroups", "must be >= 0 (0 = unknown).");
        }

        if (w.Latency is { } latency)
        {
            Distribution(latency, $"{path}.latency", errors);
        }

        var total = 0.0;
        foreach (var (name, fraction) in w.Subsystems)
        {
            Fraction(fraction, $"{path}.subsystems.{name}");
            total += fraction;
        }

        if (total > 1 + 1e-9)
        {
            Err($"{path}.subsystems", $"fractions add up to {total}; they must add up to at most 1 (the rest is 'other').");
        }
    }

    public static void Distribution(DurationDistributionSpec d, string path, List<ScenarioError> errors)
    {
        var ok = d.Kind switch
        {
            DistributionKind.Constant or DistributionKind.Exponential => d.Mean > TimeSpan.Zero,
            DistributionKind.Weibull or DistributionKind.Pareto => d.Shape > 0 && d.Scale > TimeSpan.Zero,
            _ => d.Median > TimeSpan.Zero && d.Sigma > 0,
        };
        if (!ok)
        {
            errors.Add(new ScenarioError(path, $"kind '{ScenarioSchema.CamelCase(d.Kind.ToString())}' needs: constant/exponential → mean; weibull/pareto → shape > 0 and scale; lognormal → median and sigma > 0."));
        }

        var byMean = d.Kind is DistributionKind.Constant or DistributionKind.Exponential;
        var byShape = d.Kind is DistributionKind.Weibull or DistributionKind.Pareto;
        var byMedian = d.Kind == DistributionKind.Lognormal;
        Stray(path, d.Kind.ToString(), byMean ? "mean" : byShape ? "shape and scale" : "median and sigma", errors,
            ("mean", d.Mean is not null && !byMean), ("shape", d.Shape is not null && !byShape), ("scale", d.Scale is not null && !byShape),
            ("median", d.Median is not null && !byMedian), ("sigma", d.Sigma is not null && !byMedian));
    }

    /// <summary>A parameter set that the distribution's kind does not use is a mistake (a mean on a Weibull would be ignored).</summary>
    private static void Stray(string path, string kind, string takes, List<ScenarioError> errors, params (string Key, bool Present)[] keys)
    {
        foreach (var (key, present) in keys)
        {
            if (present)
            {
                errors.Add(new ScenarioError($"{path}.{key}", $"'{key}' does not apply to kind '{ScenarioSchema.CamelCase(kind)}', which takes {takes}."));
            }
        }
    }
}
