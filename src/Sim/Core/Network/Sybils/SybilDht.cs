namespace ConnMgr.Sim.Network.Sybils;

/// <summary>
/// How sybils behave inside the DHT (<c>network.attack</c>): with <c>answerWithSybils</c> a sybil asked for a key
/// answers with the sybils nearest that key, never an honest peer; with <c>latency</c> it answers (and is dialed)
/// after that fixed round trip. The DHT model asks <see cref="IsSybil"/> per query and reports lookups whose
/// result holds only sybils.
/// </summary>
internal sealed class SybilDht
{
    private readonly int _first, _count;
    private readonly Func<int, ulong> _idOf;
    private readonly Func<int, bool> _isUp;

    internal SybilDht(int first, int count, bool lies, long? roundTripTicks, Func<int, ulong> idOf, Func<int, bool> isUp)
    {
        (_first, _count, Lies, RoundTripTicks, _idOf, _isUp) = (first, count, lies, roundTripTicks, idOf, isUp);
    }

    /// <summary>True when sybils answer queries with sybils.</summary>
    public bool Lies { get; }

    /// <summary>The sybils' fixed round trip (ticks), or null when they answer as fast as anyone.</summary>
    public long? RoundTripTicks { get; }

    /// <summary>The sybils' DHT behaviour, or null when the scenario has no attack.</summary>
    public static SybilDht? For(INetwork net, Func<int, ulong> idOf)
    {
        if (net.Spec.Attack is not { } attack)
        {
            return null;
        }

        var (first, count) = net.GroupRange(attack.Attackers);
        return new SybilDht(first, count, attack.AnswerWithSybils, attack.Latency?.Ticks, idOf, net.IsUp);
    }

    public bool IsSybil(int node) => (uint)(node - _first) < (uint)_count;

    /// <summary>
    /// Writes the online sybils nearest <paramref name="target"/> (XOR distance, nearest first) into
    /// <paramref name="answer"/>, as many as it holds; returns how many. A scan with insertion into the short answer:
    /// sybils are a few thousand at most and are asked only when a lookup reaches one.
    /// </summary>
    public int Nearest(ulong target, int except, int[] answer)
    {
        var n = 0;
        for (var node = _first; node < _first + _count; node++)
        {
            if (node == except || !_isUp(node))
            {
                continue;
            }

            var distance = _idOf(node) ^ target;
            if (n == answer.Length && distance >= (_idOf(answer[n - 1]) ^ target))
            {
                continue;
            }

            var at = Math.Min(n, answer.Length - 1);
            while (at > 0 && (_idOf(answer[at - 1]) ^ target) > distance)
            {
                answer[at] = answer[at - 1];
                at--;
            }

            answer[at] = node;
            n = Math.Min(n + 1, answer.Length);
        }

        return n;
    }
}
