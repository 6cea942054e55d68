using System.Reflection;

namespace ConnMgr.Sim.Network;

/// <summary>
/// The models of a network per hook: each array holds, in call order, only the models that override that hook, so
/// a hook no model uses costs nothing per event (at a million nodes a dial completes several million times a
/// virtual minute). <see cref="Disconnected"/> is in reverse order (teardown).
/// </summary>
internal sealed class ModelHooks
{
    public ModelHooks(NetworkModel[] models)
    {
        All = models;
        NodeUp = Overriding(models, nameof(NetworkModel.NodeUp));
        NodeDown = Overriding(models, nameof(NetworkModel.NodeDown));
        Admit = Overriding(models, nameof(NetworkModel.Admit));
        EndOpened = Overriding(models, nameof(NetworkModel.EndOpened));
        Connected = Overriding(models, nameof(NetworkModel.Connected));
        Disconnected = [.. Overriding(models, nameof(NetworkModel.Disconnected)).Reverse()];
        EndClosed = [.. Overriding(models, nameof(NetworkModel.EndClosed)).Reverse()];
        DialCompleted = Overriding(models, nameof(NetworkModel.DialCompleted));
        DialFailed = Overriding(models, nameof(NetworkModel.DialFailed));
        Pruned = Overriding(models, nameof(NetworkModel.Pruned));
        PruneHeard = Overriding(models, nameof(NetworkModel.PruneHeard));
        Trimmed = Overriding(models, nameof(NetworkModel.Trimmed));
        Sweep = Overriding(models, nameof(NetworkModel.Sweep));
    }

    public NetworkModel[] All { get; }

    public NetworkModel[] NodeUp { get; }

    public NetworkModel[] NodeDown { get; }

    public NetworkModel[] Admit { get; }

    public NetworkModel[] EndOpened { get; }

    public NetworkModel[] Connected { get; }

    public NetworkModel[] Disconnected { get; }

    public NetworkModel[] EndClosed { get; }

    public NetworkModel[] DialCompleted { get; }

    public NetworkModel[] DialFailed { get; }

    public NetworkModel[] Pruned { get; }

    public NetworkModel[] PruneHeard { get; }

    public NetworkModel[] Trimmed { get; }

    public NetworkModel[] Sweep { get; }

    private static NetworkModel[] Overriding(NetworkModel[] models, string hook) =>
        [.. models.Where(m => m.GetType().GetMethod(hook, BindingFlags.Public | BindingFlags.Instance)!.DeclaringType != typeof(NetworkModel))];
}
