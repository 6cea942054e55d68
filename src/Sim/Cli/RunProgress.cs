using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace ConnMgr.Sim.Cli;

/// <summary>
/// Progress of a run: nothing with --quiet, nothing for a run shorter than 2 s; after that, on a terminal a
/// Spectre.Console bar (virtual time, events/s, ETA), and when output is redirected a plain line every 10 %. The bar
/// reaches 100 % only when the run completes: on Ctrl-C it stays where the run stopped.
/// </summary>
internal sealed class RunProgress : IDisposable
{
    private static readonly TimeSpan ShowAfter = TimeSpan.FromSeconds(2);
    private readonly string _label;
    private readonly TimeSpan _duration;
    private readonly bool _quiet;
    private readonly bool _terminal;
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private ProgressTask? _task;
    private Task? _display;
    private TaskCompletionSource? _done;
    private int _lastDecile;
    private bool _completed;

    public RunProgress(string label, TimeSpan duration, bool quiet)
    {
        _label = label;
        _duration = duration;
        _quiet = quiet;
        _terminal = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
    }

    public void Report(double fraction, long events)
    {
        if (_quiet)
        {
            return;
        }

        var rate = events / Math.Max(1e-3, _wall.Elapsed.TotalSeconds);
        var virtualTime = TimeSpan.FromTicks((long)(_duration.Ticks * fraction));
        if (_terminal)
        {
            if (_task is null && _wall.Elapsed >= ShowAfter)
            {
                Start();
            }

            if (_task is not null)
            {
                _task.Value = fraction * 100;
                _task.Description = $"{_label} {Format(virtualTime)} virtual, {rate / 1e6:0.00} M events/s";
            }

            return;
        }

        var decile = (int)(fraction * 10);
        if (decile > _lastDecile && _wall.Elapsed >= ShowAfter)
        {
            _lastDecile = decile;
            var eta = fraction > 0 ? TimeSpan.FromSeconds(_wall.Elapsed.TotalSeconds * (1 - fraction) / fraction) : TimeSpan.Zero;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_label}] {fraction:P0} virtual {Format(virtualTime)}, {events:N0} events, {rate / 1e6:0.00} M events/s, ETA {Format(eta)}"));
        }
    }

    /// <summary>The run reached its end: the bar may show 100 %.</summary>
    public void Complete() => _completed = true;

    public void Dispose()
    {
        _done?.TrySetResult();
        _display?.Wait();
    }

    private static string Format(TimeSpan t) =>
        t.ToString(t.Days > 0 ? @"d\.hh\:mm\:ss" : @"hh\:mm\:ss", CultureInfo.InvariantCulture);

    private void Start()
    {
        _done = new TaskCompletionSource();
        var ready = new ManualResetEventSlim();
        _display = Task.Run(() => AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                _task = ctx.AddTask(_label, maxValue: 100);
                ready.Set();
                _done.Task.Wait();
                if (_completed)
                {
                    _task.Value = _task.MaxValue;
                }

                _task.StopTask();
            }));
        ready.Wait();
    }
}
