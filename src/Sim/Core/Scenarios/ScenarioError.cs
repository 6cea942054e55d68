namespace ConnMgr.Sim.Scenarios;

/// <summary>A problem in a scenario file, located by its JSON path (e.g. <c>nodes[0].engine.lowWater</c>).</summary>
/// <param name="Path">JSON path of the offending value, or "$" for the file itself.</param>
/// <param name="Message">What is wrong and what is allowed.</param>
public sealed record ScenarioError(string Path, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>Thrown when a scenario cannot be used; carries every problem found.</summary>
public sealed class ScenarioException(IReadOnlyList<ScenarioError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    /// <summary>The problems, each with its JSON path.</summary>
    public IReadOnlyList<ScenarioError> Errors { get; } = errors;
}
