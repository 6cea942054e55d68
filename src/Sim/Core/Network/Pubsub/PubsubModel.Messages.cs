namespace ConnMgr.Sim.Network.Pubsub;

/// <summary>Messages: publishing, propagation over the mesh, deliveries and the delivery tag.</summary>
internal sealed partial class PubsubModel
{
    private void Publish(int topic)
    {
        var members = _topicSlots[topic];
        if (members.Length == 0)
        {
            return;
        }

        var source = -1;
        for (var attempt = 0; attempt < 16 && source < 0; attempt++)
        {
            var candidate = _slotNode[members[_publishRng.Next(members.Length)]];
            source = _net.IsUp(candidate) ? candidate : -1;
        }

        if (source < 0)
        {
            return;
        }

        Propagate(topic, source);
        var publisher = Stats[_net.GroupOf(source)];
        publisher.Published++;
        publisher.IntervalPublished++;
        foreach (var s in members)
        {
            var v = _slotNode[s];
            if (v == source || !_net.IsUp(v))
            {
                continue;
            }

            var g = Stats[_net.GroupOf(v)];
            g.Expected++;
            g.IntervalExpected++;
            if (_stamp[v] != _generation)
            {
                continue;
            }

            g.Delivered++;
            g.IntervalDelivered++;
            g.Record(_dist[v]);
            if (_spec.DeliveryTagBump > 0)
            {
                // The first deliverer earns the receiver's decaying delivery tag (go-libp2p-pubsub's tag tracer).
                var engine = _net.Engine(v);
                if (!engine.BumpDecayingTag(_pred[v], _deliveryTag[topic], _spec.DeliveryTagBump))
                {
                    engine.TagPeerDecaying(_pred[v], _deliveryTag[topic], Math.Min(_spec.DeliveryTagBump, _spec.DeliveryTagCap), _spec.DeliveryTagDecay, _decay, _bump);
                }
            }
        }
    }

    /// <summary>Shortest-path pass over the topic's mesh from <paramref name="source"/>, one latency draw per hop.</summary>
    private void Propagate(int topic, int source)
    {
        _generation++;
        _stamp[source] = _generation;
        _dist[source] = 0;
        _pred[source] = -1;
        _queue.Clear();
        _queue.Enqueue(source, 0);
        while (_queue.TryDequeue(out var u, out var d))
        {
            if (d > _dist[u] || (u != source && _silent is not null && _silent(u)))
            {
                continue; // a defected sybil receives but relays nothing
            }

            var s = SlotOf(u, topic);
            var row = (long)s * _cap;
            for (var i = 0; i < _degree[s]; i++)
            {
                var v = _mesh[row + i];
                var next = d + _hop.SampleTicks(_hopRng.At(u));
                if (_stamp[v] != _generation || next < _dist[v])
                {
                    _stamp[v] = _generation;
                    _dist[v] = next;
                    _pred[v] = u;
                    _queue.Enqueue(v, next);
                }
            }
        }
    }

    private long NextPublish() => Randomness.ExponentialDelay.Ticks(_publishRng, _spec.MessagesPerSecond);

}
