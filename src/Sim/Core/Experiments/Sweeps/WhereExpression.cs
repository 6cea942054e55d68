using System.Globalization;

namespace ConnMgr.Sim.Experiments.Sweeps;

/// <summary>
/// A sweep's <c>where</c> filter: comparisons of factor names, numbers and 'quoted text' with &lt; &lt;= &gt; &gt;= == !=,
/// joined by &amp;&amp; and || (&amp;&amp; binds tighter), parenthesised as needed. Numbers compare as numbers, anything else as text.
/// </summary>
public sealed class WhereExpression
{
    private readonly Func<IReadOnlyDictionary<string, string>, bool> _eval;

    private WhereExpression(Func<IReadOnlyDictionary<string, string>, bool> eval) => _eval = eval;

    /// <summary>True when the point's factor values (name → text) satisfy the filter.</summary>
    public bool Holds(IReadOnlyDictionary<string, string> point) => _eval(point);

    /// <summary>Parses <paramref name="text"/>; <paramref name="names"/> are the factor names it may use.</summary>
    /// <exception cref="FormatException">Not an expression of the grammar, or an unknown name; the message says which.</exception>
    public static WhereExpression Parse(string text, IReadOnlyCollection<string> names)
    {
        ArgumentNullException.ThrowIfNull(text);
        var p = new Parser(Tokenize(text), names);
        var e = p.Or();
        p.End();
        return new WhereExpression(e);
    }

    private static List<string> Tokenize(string s)
    {
        var tokens = new List<string>();
        for (var i = 0; i < s.Length;)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '\'')
            {
                var end = s.IndexOf('\'', i + 1);
                if (end < 0)
                {
                    throw new FormatException($"unclosed quote at position {i + 1}.");
                }

                tokens.Add(s[i..(end + 1)]);
                i = end + 1;
            }
            else if ("<>=!&|".Contains(c, StringComparison.Ordinal))
            {
                var two = i + 1 < s.Length ? s.Substring(i, 2) : "";
                var op = two is "<=" or ">=" or "==" or "!=" or "&&" or "||" ? two : c.ToString();
                if (op is "=" or "!" or "&" or "|")
                {
                    throw new FormatException($"'{op}' at position {i + 1} is not an operator; use ==, !=, && or ||.");
                }

                tokens.Add(op);
                i += op.Length;
            }
            else if (c is '(' or ')')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else
            {
                var start = i;
                while (i < s.Length && !char.IsWhiteSpace(s[i]) && !"<>=!&|()'".Contains(s[i], StringComparison.Ordinal))
                {
                    i++;
                }

                tokens.Add(s[start..i]);
            }
        }

        return tokens;
    }

    private sealed class Parser(List<string> tokens, IReadOnlyCollection<string> names)
    {
        private int _at;

        public Func<IReadOnlyDictionary<string, string>, bool> Or()
        {
            var left = And();
            while (Peek() == "||")
            {
                _at++;
                var (l, r) = (left, And());
                left = v => l(v) || r(v);
            }

            return left;
        }

        public void End()
        {
            if (_at < tokens.Count)
            {
                throw new FormatException($"unexpected '{tokens[_at]}'.");
            }
        }

        private Func<IReadOnlyDictionary<string, string>, bool> And()
        {
            var left = Comparison();
            while (Peek() == "&&")
            {
                _at++;
                var (l, r) = (left, Comparison());
                left = v => l(v) && r(v);
            }

            return left;
        }

        private Func<IReadOnlyDictionary<string, string>, bool> Comparison()
        {
            if (Peek() == "(")
            {
                _at++;
                var inner = Or();
                if (Next() != ")")
                {
                    throw new FormatException("missing ')'.");
                }

                return inner;
            }

            var left = Operand();
            var op = Next();
            if (op is not ("<" or "<=" or ">" or ">=" or "==" or "!="))
            {
                throw new FormatException($"expected a comparison (< <= > >= == !=), found '{op ?? "the end"}'.");
            }

            var right = Operand();
            return v => Compare(left(v), right(v), op);
        }

        private Func<IReadOnlyDictionary<string, string>, string> Operand()
        {
            var t = Next() ?? throw new FormatException("expression ends early.");
            if (t.StartsWith('\''))
            {
                var text = t[1..^1];
                return _ => text;
            }

            if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                return _ => t;
            }

            if (!names.Contains(t))
            {
                throw new FormatException($"'{t}' is not a factor name; factors: {string.Join(", ", names)}.");
            }

            return v => v[t];
        }

        private string? Peek() => _at < tokens.Count ? tokens[_at] : null;

        private string? Next() => _at < tokens.Count ? tokens[_at++] : null;

        private static bool Compare(string a, string b, string op)
        {
            var numeric = double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) & double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y);
            var c = numeric ? x.CompareTo(y) : string.CompareOrdinal(a, b);
            return op switch
            {
                "<" => c < 0,
                "<=" => c <= 0,
                ">" => c > 0,
                ">=" => c >= 0,
                "==" => c == 0,
                _ => c != 0,
            };
        }
    }
}
