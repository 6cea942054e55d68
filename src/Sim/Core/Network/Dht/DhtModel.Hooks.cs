using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network.Dht;

/// <summary>The DHT model's hooks into the network and its columns.</summary>
internal sealed partial class DhtModel
{
    /// <inheritdoc/>
    public override IReadOnlyList<Column> TraceColumns => DhtColumns.Trace;

    /// <inheritdoc/>
    public override IReadOnlyList<Column> SummaryColumns => DhtColumns.Summary;

    /// <summary>
    /// A lookup's connection is attributed to the DHT at both ends (transient at the dialer when configured); routing-table
    /// peers are tagged (or protected) at both ends of any new connection, as go-libp2p-kad-dht's PeerAdded does.
    /// </summary>
    public override void Connected(int dialer, int listener, ConnectPurpose purpose)
    {
        if (purpose == ConnectPurpose.Dht)
        {
            _net.Engine(dialer).SetSubsystem(listener, "dht");
            _net.Engine(listener).SetSubsystem(dialer, "dht");
            if (_spec.TransientQueries)
            {
                _net.Engine(dialer).MarkTransient(listener, true);
            }
        }

        TagIfInTable(dialer, listener);
        TagIfInTable(listener, dialer);
    }

    /// <summary>A closed connection takes the peer out of the table's tags (bounds what a million engines retain).</summary>
    public override void Disconnected(int dialer, int listener)
    {
        UntagIfInTable(dialer, listener);
        UntagIfInTable(listener, dialer);
    }

    /// <summary>The group's lookups in the interval just ended; starts the next interval.</summary>
    public override void Sample(int group, double intervalSeconds, Span<double> values)
    {
        if (!_inGroup[group])
        {
            values.Fill(double.NaN);
            return;
        }

        var s = Stats[group];
        values[0] = s.IntervalLookups / intervalSeconds;
        values[1] = s.IntervalLookups == 0 ? 0 : s.IntervalSucceeded / (double)s.IntervalLookups;
        values[2] = s.IntervalSucceeded == 0 ? 0 : s.IntervalHopSum / (double)s.IntervalSucceeded;
        values[3] = s.IntervalLatency.QuantileMs(0.5);
        values[4] = s.IntervalLatency.QuantileMs(0.99);
        values[5] = s.IntervalLookups == 0 ? 0 : s.IntervalOpened / (double)s.IntervalLookups;
        var (connected, protectedPeers) = TablePeersNow(group);
        values[6] = connected;
        values[7] = protectedPeers;
        if (!double.IsNaN(connected))
        {
            s.TableConnectedSum += connected;
            s.TableProtectedSum += protectedPeers;
            s.TableSamples++;
        }

        s.EndInterval();
    }

    /// <summary>Run totals of a group, or of every DHT group (-1).</summary>
    public override void Summarize(int group, Span<double> values)
    {
        if (group >= 0 && !_inGroup[group])
        {
            values.Fill(double.NaN);
            return;
        }

        long lookups = 0, succeeded = 0, hopSum = 0, opened = 0, queries = 0, abandoned = 0, tableSamples = 0, reused = 0, unanswered = 0;
        double tableConnected = 0, tableProtected = 0, tableSize = 0, sizedGroups = 0;
        var dialsInFlight = 0;
        var latency = new LatencyHistogram();
        foreach (var s in GroupSelection.Of(_inGroup, group).Select(g => Stats[g]))
        {
            lookups += s.Lookups;
            succeeded += s.Succeeded;
            hopSum += s.HopSum;
            opened += s.Opened;
            queries += s.Queries;
            abandoned += s.Abandoned;
            reused += s.Reused;
            unanswered += s.Unanswered;
            tableConnected += s.TableConnectedSum;
            tableProtected += s.TableProtectedSum;
            tableSamples += s.TableSamples;
            dialsInFlight = Math.Max(dialsInFlight, s.MaxDialsInFlight);
            s.Latency.AddTo(latency);
        }

        foreach (var g in GroupSelection.Of(_inGroup, group))
        {
            var size = TableSizeMean(g);
            if (!double.IsNaN(size))
            {
                tableSize += size;
                sizedGroups++;
            }
        }

        values[0] = lookups;
        values[1] = lookups == 0 ? 0 : succeeded / (double)lookups;
        values[2] = succeeded == 0 ? 0 : hopSum / (double)succeeded;
        values[3] = latency.QuantileMs(0.5);
        values[4] = latency.QuantileMs(0.99);
        values[5] = lookups == 0 ? 0 : opened / (double)lookups;
        values[6] = lookups == 0 ? 0 : queries / (double)lookups;
        values[7] = abandoned;
        values[8] = sizedGroups == 0 ? double.NaN : tableSize / sizedGroups;
        values[9] = tableSamples == 0 ? double.NaN : tableConnected / tableSamples;
        values[10] = tableSamples == 0 ? double.NaN : tableProtected / tableSamples;
        values[11] = dialsInFlight;
        values[12] = lookups == 0 ? 0 : reused / (double)lookups;
        values[13] = lookups == 0 ? 0 : unanswered / (double)lookups;
        values[14] = lookups == 0 ? 0 : (queries - reused) / (double)lookups;
    }

    /// <summary>lookup-hops.csv: successful lookups per hop count, per DHT group.</summary>
    public override IEnumerable<DistributionTable> Distributions()
    {
        var rows = new List<(string, double, double[])>();
        for (var g = 0; g < Stats.Length; g++)
        {
            if (!_inGroup[g])
            {
                continue;
            }

            var last = Array.FindLastIndex(Stats[g].HopCounts, h => h > 0);
            for (var h = 0; h <= last; h++)
            {
                rows.Add((_groupNames[g], h, [Stats[g].HopCounts[h]]));
            }
        }

        yield return new DistributionTable("lookup-hops.csv", DhtColumns.HopCount, [DhtColumns.HopLookups], rows);
    }
}
