using System.Globalization;
using System.Text.Json;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Traces;
using MathNet.Numerics.Distributions;

namespace ConnMgr.Sim.Experiments.Baselines;

/// <summary>One metric of a baseline: the recorded mean over replications and how far a new mean may move.</summary>
/// <param name="Mean">Mean of the all row's value over the recorded replications.</param>
/// <param name="Sd">Sample standard deviation (null with one replication).</param>
/// <param name="N">Replications recorded.</param>
/// <param name="Relative">Allowed change as a share of |Mean| (0.05 = 5 %).</param>
/// <param name="Absolute">Allowed change in the metric's unit (a floor for metrics near 0).</param>
public sealed record BaselineMetric(double Mean, double? Sd, int N, double Relative, double Absolute);

/// <summary>
/// A regression baseline: summary metrics (the all row) of a scenario recorded over R replications (seeds scenario
/// seed + r), each with a tolerance. A check fails when a new mean leaves the band: the larger of the stated relative
/// and absolute tolerances and, with replications on both sides, the 95 % Student-t interval of the difference of the
/// two means (so noise alone does not fail it).
/// </summary>
public sealed class Baseline
{
    /// <summary>The scenario file name it was recorded for.</summary>
    public required string Scenario { get; init; }

    /// <summary>Replications recorded (a check runs as many).</summary>
    public required int Replications { get; init; }

    /// <summary>Metric name → recorded value and tolerance.</summary>
    public required IReadOnlyDictionary<string, BaselineMetric> Metrics { get; init; }

    /// <summary>Records the all rows of <paramref name="runs"/>: every numeric summary column, with the default tolerance unless stated per metric.</summary>
    public static Baseline Record(string scenario, IReadOnlyList<RunResult> runs, double relative, IReadOnlyDictionary<string, double> perMetric)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(perMetric);
        var metrics = new SortedDictionary<string, BaselineMetric>(StringComparer.Ordinal);
        foreach (var c in runs[0].Summary.Columns)
        {
            var values = runs.Select(r => r.Metric(c.Name)).Where(v => !double.IsNaN(v)).ToArray();
            if (values.Length == 0)
            {
                continue;
            }

            var mean = values.Average();
            double? sd = values.Length > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1)) : null;
            metrics[c.Name] = new BaselineMetric(mean, sd, values.Length, perMetric.GetValueOrDefault(c.Name, relative), 0);
        }

        return new Baseline { Scenario = scenario, Replications = runs.Count, Metrics = metrics };
    }

    /// <summary>One result per metric: passed when the new mean is inside the band around the recorded one.</summary>
    public IReadOnlyList<ExpectationResult> Check(IReadOnlyList<RunResult> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var results = new List<ExpectationResult>();
        foreach (var (name, b) in Metrics)
        {
            var values = runs.Select(r => r.Metric(name)).Where(v => !double.IsNaN(v)).ToArray();
            if (values.Length == 0)
            {
                results.Add(new ExpectationResult($"baseline {name}", F(b.Mean), "cannot be evaluated: not measured in this run", false));
                continue;
            }

            var mean = values.Average();
            var band = Math.Max(b.Absolute, b.Relative * Math.Abs(b.Mean));
            if (b.Sd is { } sdBase && values.Length > 1)
            {
                var sdNow = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
                var pooled = Math.Sqrt(((sdBase * sdBase * (b.N - 1)) + (sdNow * sdNow * (values.Length - 1))) / (b.N + values.Length - 2));
                band = Math.Max(band, StudentT.InvCDF(0, 1, b.N + values.Length - 2, 0.975) * pooled * Math.Sqrt((1.0 / b.N) + (1.0 / values.Length)));
            }

            results.Add(new ExpectationResult($"baseline {name}", $"{F(b.Mean)} ± {F(band)}", F(mean), Math.Abs(mean - b.Mean) <= band));
        }

        return results;
    }

    /// <summary>Writes the baseline as indented JSON.</summary>
    public void Write(string path) => AtomicFile.Write(path, tmp =>
    {
        using var stream = File.Create(tmp);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("scenario", Scenario);
        json.WriteNumber("replications", Replications);
        json.WriteStartObject("metrics");
        foreach (var (name, m) in Metrics)
        {
            json.WriteStartObject(name);
            json.WriteNumber("mean", m.Mean);
            if (m.Sd is { } sd)
            {
                json.WriteNumber("sd", sd);
            }

            json.WriteNumber("n", m.N);
            json.WriteNumber("relative", m.Relative);
            json.WriteNumber("absolute", m.Absolute);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    });

    /// <summary>Reads a baseline written by <see cref="Write"/> (tolerances may be edited by hand).</summary>
    /// <exception cref="Scenarios.ScenarioException">The file is missing or malformed, with the JSON path.</exception>
    public static Baseline Read(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            var metrics = new SortedDictionary<string, BaselineMetric>(StringComparer.Ordinal);
            foreach (var m in root.GetProperty("metrics").EnumerateObject())
            {
                var v = m.Value;
                metrics[m.Name] = new BaselineMetric(
                    v.GetProperty("mean").GetDouble(),
                    v.TryGetProperty("sd", out var sd) ? sd.GetDouble() : null,
                    v.GetProperty("n").GetInt32(),
                    v.TryGetProperty("relative", out var r) ? r.GetDouble() : 0,
                    v.TryGetProperty("absolute", out var a) ? a.GetDouble() : 0);
            }

            return new Baseline { Scenario = root.GetProperty("scenario").GetString() ?? "", Replications = root.GetProperty("replications").GetInt32(), Metrics = metrics };
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException or InvalidOperationException or UnauthorizedAccessException or FormatException)
        {
            throw new Scenarios.ScenarioException([new Scenarios.ScenarioError("baseline", $"cannot read '{path}': {e.Message}")]);
        }
    }

    private static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
