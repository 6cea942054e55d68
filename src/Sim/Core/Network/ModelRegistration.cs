using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network;

/// <summary>How a model is made and what it contributes to the results contract.</summary>
/// <param name="Columns">Its columns (owner = the model's name).</param>
/// <param name="Expectations">Its expect keys.</param>
/// <param name="Create">Builds the model for a network, given the models made before it; null when the scenario does not use it.</param>
public sealed record ModelRegistration(ColumnGroup Columns, IReadOnlyList<Expectation> Expectations, Func<INetwork, IReadOnlyList<NetworkModel>, NetworkModel?> Create);
