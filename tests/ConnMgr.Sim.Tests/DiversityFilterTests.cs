using ConnMgr.Sim.Network.Dht;

namespace ConnMgr.Sim.Tests;

/// <summary>The DHT routing-table diversity filter (at most 2 per /16 per bucket, 3 per /16 per table).</summary>
public class DiversityFilterTests
{
    private const int Nodes = 4000;

    private static bool Server(int node) => node % 4 != 0;

    [Test]
    public void Filter_HoldsAtMostTwoPerGroupPerBucket_AndThreePerTable()
    {
        // 40 groups for 3,000 servers: ~75 servers per group, so the limits bind everywhere.
        var filtered = new KademliaSpace(Nodes, Server, seed: 21, k: 20) { GroupOf = n => n % 40, MaxPerBucket = 2, MaxPerTable = 3 };
        var open = new KademliaSpace(Nodes, Server, seed: 21, k: 20);
        Span<int> members = stackalloc int[20];
        var checkedNodes = 0;
        for (var node = 0; node < Nodes; node += 97)
        {
            var perTable = new Dictionary<int, int>();
            var size = 0;
            for (var b = 0; b < 64; b++)
            {
                var n = filtered.TableBucket(node, b, members);
                size += n;
                foreach (var group in members[..n].ToArray().GroupBy(p => p % 40))
                {
                    Assert.That(group.Count(), Is.LessThanOrEqualTo(2), $"node {node} bucket {b} group {group.Key}");
                    perTable[group.Key] = perTable.GetValueOrDefault(group.Key) + group.Count();
                }

                foreach (var peer in members[..n])
                {
                    Assert.That(filtered.InTable(node, peer), Is.True, "InTable agrees with TableBucket");
                }
            }

            Assert.That(perTable.Values.Max(), Is.LessThanOrEqualTo(3), $"node {node}");
            Assert.That(filtered.TableSize(node), Is.EqualTo(size));
            Assert.That(size, Is.LessThanOrEqualTo(40 * 3));
            Assert.That(size, Is.LessThan(open.TableSize(node)), "the limits bind");
            checkedNodes++;
        }

        Assert.That(checkedNodes, Is.GreaterThan(40));
    }

    [Test]
    public void Filter_ChangesNothing_WhenEveryServerHasItsOwnGroup()
    {
        var filtered = new KademliaSpace(Nodes, Server, seed: 5, k: 20) { GroupOf = n => n, MaxPerBucket = 2, MaxPerTable = 3 };
        var open = new KademliaSpace(Nodes, Server, seed: 5, k: 20);
        Span<int> a = stackalloc int[20];
        Span<int> b = stackalloc int[20];
        for (var node = 0; node < Nodes; node += 131)
        {
            Assert.That(filtered.TableSize(node), Is.EqualTo(open.TableSize(node)));
            for (var bucket = 0; bucket < 20; bucket++)
            {
                var n = filtered.TableBucket(node, bucket, a);
                var m = open.TableBucket(node, bucket, b);
                Assert.That(a[..n].ToArray(), Is.EqualTo(b[..m].ToArray()), $"node {node} bucket {bucket}");
            }
        }
    }

    [Test]
    public void PoisonedIds_ShareTheVictimsPrefix()
    {
        // Nodes 0..9 are victims, 100..199 sybils placed next to victim (j % 10) with 20 shared bits.
        ulong Place(int node, Func<int, ulong> hashed) =>
            node is >= 100 and < 200 ? (hashed((node - 100) % 10) & (ulong.MaxValue << 44)) | (hashed(node) & ~(ulong.MaxValue << 44)) : hashed(node);
        var space = new KademliaSpace(1000, _ => true, seed: 3, k: 20, place: Place);
        for (var s = 100; s < 200; s++)
        {
            Assert.That(KademliaSpace.CommonPrefix(space.Id(s), space.Id((s - 100) % 10)), Is.GreaterThanOrEqualTo(20));
        }
    }
}
