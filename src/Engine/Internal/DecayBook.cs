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
    }

    /// <summary>Definitions indexed by tag id; entries of undefined tags are default.</summary>
    public DecayDefinition[] Definitions = [];

    /// <summary>Time decay schedules are anchored at (creation of the manager).</summary>
    public long Anchor { get; }
}
