using System.Globalization;
using ConnMgr.Sim.Results;
using ConnMgr.Sim.Traces;

namespace ConnMgr.Sim.Tests;

/// <summary>
/// The CSV writer's shortcut for whole numbers must write exactly what the BCL's custom format writes, or the same
/// run would give different bytes depending on which path a value took.
/// </summary>
public class CsvFieldTests
{
    private static readonly string[] Formats = ["0", "0.#", "0.##", "0.###", "0.####", "0.#######", "F2", "G6", "0.00", "#,0"];

    [Test]
    public void EveryField_IsWhatTheBclWritesForItsFormat()
    {
        var rng = new Random(20261202);
        var values = new List<double>
        {
            0, -0.0, 1, -1, 1023, 1024, 1025, -1023, 0.5, 1.5, 2.5, -2.5, 1e-9, -1e-9, 0.99995, 1234.56789,
            999_999_999_999_999, -999_999_999_999_999, 1e15, -1e15, 1e16, 123_456_789_012_345_678, long.MaxValue,
            double.MaxValue, double.Epsilon, double.PositiveInfinity, double.NegativeInfinity, double.NaN,
        };
        for (var i = 0; i < 5_000; i++)
        {
            values.Add(rng.Next(-2_000_000, 2_000_000));
            values.Add(Math.Round(rng.NextDouble() * 1e15));
            values.Add((rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-6, 17)));
        }

        foreach (var format in Formats.Append(SharedColumns.Time.Format))
        {
            foreach (var v in values)
            {
                var expected = double.IsNaN(v) ? "" : v.ToString(format, CultureInfo.InvariantCulture);
                Assert.That(CsvTables.Field(v, format), Is.EqualTo(expected), $"{v.ToString("R", CultureInfo.InvariantCulture)} with \"{format}\"");
            }
        }
    }

    [Test]
    public void WholeNumbers_UnderPlainFormats_PrintTheirDigits()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CsvTables.Field(42, "0.####"), Is.EqualTo("42"));
            Assert.That(CsvTables.Field(-7, "0.##"), Is.EqualTo("-7"));
            Assert.That(CsvTables.Field(-0.0, "0.###"), Is.EqualTo((-0.0).ToString("0.###", CultureInfo.InvariantCulture)));
            Assert.That(CsvTables.Field(double.NaN, "0"), Is.Empty);
        });
    }
}
