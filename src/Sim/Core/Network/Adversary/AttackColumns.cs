using ConnMgr.Sim.Results;

namespace ConnMgr.Sim.Network.Adversary;

/// <summary>Columns and expect keys of the attack model: filled for the victims' group (and the <c>all</c> row), NaN elsewhere.</summary>
internal static class AttackColumns
{
    public static readonly Column HonestShareNow = new("honest_share", "share of connections", "Share of the victims' connections held by honest peers at the sample (pooled over the victims online).", Across.Ratio) { Plot = "eclipse" };
    public static readonly Column HonestPeersNow = new("honest_peers_mean", "peers", "Honest peers a victim is connected to at the sample (mean over the victims).", Across.Ratio, "0.#") { Plot = "eclipse-peers" };
    public static readonly Column AttackerPeersNow = new("attacker_peers_mean", "peers", "Attacker identities a victim is connected to at the sample (mean over the victims).", Across.Ratio, "0.#") { Plot = "eclipse-peers", Style = SeriesStyle.Dashed };

    public static readonly Column HonestShare = new("honest_share", "share of connections", "Time mean (over trace samples from the attack's start) of the share of the victims' connections held by honest peers.", Across.Ratio) { Headline = true };
    public static readonly Column HonestPeers = new("honest_peers_mean", "peers", "Honest peers a victim is connected to at the end (mean over the victims).", Across.Ratio, "0.#") { Headline = true };
    public static readonly Column AttackerPeers = new("attacker_peers_mean", "peers", "Attacker identities a victim is connected to at the end (mean over the victims).", Across.Ratio, "0.#");
    public static readonly Column Eclipsed = new("eclipsed_share", "share of victims", "Share of the victims that were eclipsed at some point: every connection an attacker's, at least one.", Across.Ratio) { Headline = true };
    public static readonly Column TimeToEclipse = new("time_to_eclipse_s", "s", "Mean time from the attack's start until a victim was eclipsed, over the victims that were; empty when none was (never).", Across.Ratio, "0.#");
    public static readonly Column AttackerGroupsHeld = new("attacker_prefixes_held", "/16s", "Distinct attacker /16s holding a connection to some victim at the end.", Across.Max, "0");
    public static readonly Column TableSybils = new("victim_table_sybil_share", "share of table peers", "Share of the victims' routing-table peers that are sybils at the end (pooled over the victims); empty without a DHT.", Across.Ratio);
    public static readonly Column DeliveryBefore = new("victim_delivery_before_defect", "share of messages", "Pubsub delivery ratio of the victims from the start until the sybils defect; empty without defection.", Across.Ratio);
    public static readonly Column DeliveryAfter = new("victim_delivery_after_defect", "share of messages", "Pubsub delivery ratio of the victims from the sybils' defection to the end; empty without defection.", Across.Ratio) { Headline = true };
    public static readonly Column Attempts = new("attack_attempts", "connections", "Connections the attackers attempted.", Format: "0");
    public static readonly Column Accepted = new("attack_accepted", "connections", "Attacker connections the victims accepted.", Format: "0");

    public static readonly Column InboundSlotsLeft = new("honest_inbound_slots_left", "slots", "Inbound slots a victim has left for honest peers at the end: its inbound limit (inbound cap, else total cap, else high watermark) minus the sybils connected to it inbound (mean over the victims).", Across.Ratio, "0.#") { Headline = true };
    public static readonly Column TopGroupPeers = new("attacker_peers_top_group", "peers", "Sybils a victim holds from its most represented network group (/16, or AS when grouped by AS) at the end (mean over the victims).", Across.Ratio, "0.#");
    public static readonly Column SybilOnlyLookups = new("victim_lookups_sybil_only", "share of lookups", "Share of the victims' own DHT lookups whose result (the k nearest peers that answered) were all sybils; empty without a DHT or lookups.", Across.Ratio);
    public static readonly Column LookupsForVictims = new("lookups_for_victims_sybil_only", "share of lookups", "Share of honest nodes' lookups for a victim's id (network.attack.victimLookupsPerHour) whose result held sybils only: the victim is eclipsed in the DHT. Empty without such lookups.", Across.Ratio) { Headline = true };

    public static readonly IReadOnlyList<Column> Trace = [HonestShareNow, HonestPeersNow, AttackerPeersNow];

    public static readonly IReadOnlyList<Column> Summary = [HonestShare, HonestPeers, AttackerPeers, Eclipsed, TimeToEclipse, AttackerGroupsHeld, TableSybils, DeliveryBefore, DeliveryAfter, Attempts, Accepted, InboundSlotsLeft, TopGroupPeers, SybilOnlyLookups, LookupsForVictims];

    public static readonly IReadOnlyList<Expectation> Expectations =
    [
        new("honestShare", HonestShare.Name, ExpectationKind.Range, RunMode.Network, "honest share of the victims' connections") { WhenMissing = "no attack in this run" },
        new("honestPeers", HonestPeers.Name, ExpectationKind.Range, RunMode.Network, "honest peers per victim at the end") { WhenMissing = "no attack in this run" },
        new("eclipsedShare", Eclipsed.Name, ExpectationKind.Range, RunMode.Network, "share of victims eclipsed") { WhenMissing = "no attack in this run" },
        new("victimDeliveryAfterDefect", DeliveryAfter.Name, ExpectationKind.Range, RunMode.Network, "victims' pubsub delivery after the sybils defect") { WhenMissing = "no defection in this run" },
        new("honestInboundSlotsLeft", InboundSlotsLeft.Name, ExpectationKind.Range, RunMode.Network, "inbound slots a victim has left for honest peers") { WhenMissing = "no attack in this run" },
        new("victimLookupsSybilOnly", SybilOnlyLookups.Name, ExpectationKind.Range, RunMode.Network, "share of the victims' own lookups answered by sybils only") { WhenMissing = "no attack with a DHT and victim lookups in this run" },
        new("lookupsForVictimsSybilOnly", LookupsForVictims.Name, ExpectationKind.Range, RunMode.Network, "share of lookups for the victims' ids answered by sybils only") { WhenMissing = "no network.attack.victimLookupsPerHour in this run" },
        new("victimTableSybilShare", TableSybils.Name, ExpectationKind.Range, RunMode.Network, "sybil share of the victims' routing tables") { WhenMissing = "no attack with a DHT in this run" },
    ];
}
