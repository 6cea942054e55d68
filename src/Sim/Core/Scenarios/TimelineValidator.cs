namespace ConnMgr.Sim.Scenarios;

/// <summary>Checks that each timeline action has what its kind needs.</summary>
internal static class TimelineValidator
{
    public static void Validate(Scenario s, List<ScenarioError> errors)
    {
        // The first connect of each named peer (node group, index, peer): a disconnect before any would do nothing.
        var firstConnect = new Dictionary<(string?, int, string), (TimeSpan At, int Index)>();
        var defaultGroup = s.Nodes.FirstOrDefault()?.Name;
        for (var i = 0; i < s.Timeline.Count; i++)
        {
            var a = s.Timeline[i];
            if (a.Action == TimelineActionKind.Connect && a.Peer is { } peer)
            {
                var key = (a.Node ?? defaultGroup, a.Index, peer);
                if (!firstConnect.TryGetValue(key, out var first) || a.At < first.At)
                {
                    firstConnect[key] = (a.At, i);
                }
            }
        }

        for (var i = 0; i < s.Timeline.Count; i++)
        {
            var a = s.Timeline[i];
            var p = $"timeline[{i}]";
            void Need(bool ok, string field, string why)
            {
                if (!ok)
                {
                    errors.Add(new ScenarioError($"{p}.{field}", why));
                }
            }

            if (a.At < TimeSpan.Zero || (s.Duration > TimeSpan.Zero && a.At > s.Duration))
            {
                errors.Add(new ScenarioError($"{p}.at", $"{a.At} is outside the run [00:00:00, {s.Duration}]."));
            }

            var group = a.Node is null ? s.Nodes.FirstOrDefault() : s.Nodes.FirstOrDefault(n => n.Name == a.Node);
            if (group is null)
            {
                errors.Add(new ScenarioError($"{p}.node", $"no node group '{a.Node}'; groups: {string.Join(", ", s.Nodes.Select(n => n.Name))}."));
            }
            else if (a.Index < 0 || a.Index >= group.Count)
            {
                errors.Add(new ScenarioError($"{p}.index", $"{a.Index} is out of range; group '{group.Name}' has {group.Count} node(s)."));
            }

            var needsPeer = a.Action is not (TimelineActionKind.Trim or TimelineActionKind.Assert) || a.Check is not (null or AssertCheck.Count);
            Need(!needsPeer || !string.IsNullOrWhiteSpace(a.Peer), "peer", $"'{Name(a.Action)}' needs a peer name.");
            if (a.Action == TimelineActionKind.Disconnect && a.Peer is { } named
                && (!firstConnect.TryGetValue((a.Node ?? defaultGroup, a.Index, named), out var opened) || opened.At > a.At || (opened.At == a.At && opened.Index > i)))
            {
                errors.Add(new ScenarioError($"{p}.peer", $"'disconnect' of peer '{named}', which no earlier 'connect' of the timeline opened (the disconnect would do nothing)."));
            }

            switch (a.Action)
            {
                case TimelineActionKind.Tag:
                    Need(a.Tag is not null, "tag", "'tag' needs a tag name.");
                    Need(a.Value is not null, "value", "'tag' needs a value.");
                    break;
                case TimelineActionKind.Untag or TimelineActionKind.Protect or TimelineActionKind.Unprotect:
                    Need(a.Tag is not null, "tag", $"'{Name(a.Action)}' needs a tag name.");
                    break;
                case TimelineActionKind.TagDecaying:
                    Need(a.Tag is not null, "tag", "'tagDecaying' needs a tag name.");
                    Need(a.Value is not null, "value", "'tagDecaying' needs an initial value.");
                    Need(a.Interval > TimeSpan.Zero, "interval", "'tagDecaying' needs an interval > 00:00:00.");
                    Need(a.Decay is not null, "decay", "'tagDecaying' needs a decay {kind, amount|coef|halfLife|after}.");
                    if (a.Decay is not null)
                    {
                        DecayFactory.Validate(a.Decay, $"{p}.decay", errors);
                    }

                    break;
                case TimelineActionKind.Bump:
                    Need(a.Tag is not null, "tag", "'bump' needs a tag name.");
                    Need(a.Value is not null, "value", "'bump' needs a value (the delta).");
                    break;
                case TimelineActionKind.Assert:
                    Need(a.Check is not null, "check", "'assert' needs a check: connected, notConnected, score, protected, notProtected, count.");
                    Need(a.Check is not (AssertCheck.Score or AssertCheck.Count) || a.Expected is not null, "expected", $"'{(a.Check is { } c ? Name(c) : "")}' needs an expected value.");
                    break;
            }
        }
    }

    private static string Name<T>(T value)
        where T : struct, Enum => ScenarioSchema.CamelCase(value.ToString());
}
