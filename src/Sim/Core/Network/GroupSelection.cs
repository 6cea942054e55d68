namespace ConnMgr.Sim.Network;

/// <summary>The groups a model's summary row covers: one group, or every group the model runs in (-1).</summary>
internal static class GroupSelection
{
    /// <summary>Indices g with <paramref name="applies"/>[g], restricted to <paramref name="group"/> unless it is -1.</summary>
    public static IEnumerable<int> Of(bool[] applies, int group)
    {
        for (var g = 0; g < applies.Length; g++)
        {
            if (applies[g] && (group < 0 || g == group))
            {
                yield return g;
            }
        }
    }
}
