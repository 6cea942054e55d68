using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace ConnMgr.Sim.Scenarios;

/// <summary>
/// Configuration for the binder that stays linear in the file's size. The stock JSON and in-memory providers answer
/// "children of this section" by scanning every key, and the binder asks once per array element, so a scenario with
/// N timeline actions bound in O(N²) (4,000 actions: 42 s). This provider flattens the parsed document the way the
/// JSON provider does (<c>a:b:0:c</c>, empty objects and arrays as null; each array element also under its own key,
/// as <c>AsEnumerable()</c> lists it) and indexes each section's child keys once.
/// </summary>
internal static class IndexedConfiguration
{
    /// <summary>The document's keys and values, flattened as Microsoft.Extensions.Configuration.Json does.</summary>
    public static Dictionary<string, string?> Flatten(JsonElement root)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Visit(root, "", data);
        return data;
    }

    /// <summary>A configuration over <paramref name="data"/>; keys are case-insensitive as in every provider.</summary>
    public static IConfigurationRoot Build(IEnumerable<KeyValuePair<string, string?>> data) =>
        new ConfigurationBuilder().Add(new Source(data)).Build();

    private static void Visit(JsonElement e, string key, Dictionary<string, string?> data)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var anyProperty = false;
                foreach (var p in e.EnumerateObject())
                {
                    anyProperty = true;
                    Visit(p.Value, key.Length == 0 ? p.Name : $"{key}:{p.Name}", data);
                }

                if (!anyProperty && key.Length > 0)
                {
                    data[key] = null;
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    // The element's own key (null) keeps it in existence when a bad value inside it is left out of binding.
                    var element = $"{key}:{i.ToString(CultureInfo.InvariantCulture)}";
                    data[element] = null;
                    Visit(item, element, data);
                    i++;
                }

                if (i == 0 && key.Length > 0)
                {
                    data[key] = null;
                }

                break;
            default:
                data[key] = e.ValueKind == JsonValueKind.Null ? null : e.ToString();
                break;
        }
    }

    private sealed class Source(IEnumerable<KeyValuePair<string, string?>> data) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(data);
    }

    /// <summary>Holds the flattened keys and, per section path, its child key segments (sorted once, on first use).</summary>
    private sealed class Provider : ConfigurationProvider
    {
        private readonly Dictionary<string, List<string>> _children = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _sorted = new(StringComparer.OrdinalIgnoreCase);

        public Provider(IEnumerable<KeyValuePair<string, string?>> data)
        {
            foreach (var (key, value) in data)
            {
                Data[key] = value;
                Register(key); // keys are unique, so a leaf is registered once
            }
        }

        public override IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath)
        {
            if (!_children.TryGetValue(parentPath ?? "", out var mine))
            {
                return earlierKeys;
            }

            if (_sorted.Add(parentPath ?? ""))
            {
                // A key can be both a value (an array element's own key) and a parent: list each child once.
                var distinct = mine.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                mine.Clear();
                mine.AddRange(distinct);
                mine.Sort(ConfigurationKeyComparer.Instance);
            }

            if (earlierKeys is ICollection<string> { Count: 0 })
            {
                return mine;
            }

            var keys = new List<string>(earlierKeys);
            keys.AddRange(mine);
            keys.Sort(ConfigurationKeyComparer.Instance);
            return keys;
        }

        /// <summary>Adds the key's last segment under its parent; a parent seen for the first time is registered in turn.</summary>
        private void Register(string key)
        {
            var colon = key.LastIndexOf(':');
            var parent = colon < 0 ? "" : key[..colon];
            if (!_children.TryGetValue(parent, out var list))
            {
                _children[parent] = list = [];
                if (colon >= 0)
                {
                    Register(parent);
                }
            }

            list.Add(key[(colon + 1)..]);
        }
    }
}
