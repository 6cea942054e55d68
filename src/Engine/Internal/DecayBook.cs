namespace ConnMgr.Engine.Internal;

/// <summary>
/// Decaying tag definitions by tag id (interval, decay and bump functions, registration time) and the anchor of
/// the decay schedules (the manager's creation time).
/// </summary>
internal struct DecayBook
{
    public DecayBook(long anchor)
    {
        Anchor = anchor;
        GridOrigin = anchor;
    }

    /// <summary>Definitions indexed by tag id; entries of undefined tags are default.</summary>
    public DecayDefinition[] Definitions = [];

    /// <summary>Time decay schedules are anchored at (creation of the manager).</summary>
    public long Anchor { get; }

    /// <summary>
    /// Origin of the resolution grid: the manager's creation, except under nim's drifting schedule, where it is the
    /// start of nim's decay loop (the first decaying tag added while none is held).
    /// </summary>
    public long GridOrigin;

    /// <summary>Tag ids registered through <c>RegisterDecayingTag</c> and not closed (go: a name registers once).</summary>
    public HashSet<int>? Registered;
}
