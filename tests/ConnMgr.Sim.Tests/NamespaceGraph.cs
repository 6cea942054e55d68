using System.Reflection;
using System.Reflection.Emit;

namespace ConnMgr.Sim.Tests;

/// <summary>
/// Which namespaces of an assembly use which, read from the compiled code: signatures, base types, attributes'
/// types and every type, method or field token in method bodies (so a fully qualified name or a lambda counts too).
/// </summary>
internal static class NamespaceGraph
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Edges (from namespace → to namespace) between namespaces starting with <paramref name="prefix"/>, self-edges left out; <paramref name="acrossAssemblies"/> also counts types of other assemblies.</summary>
    public static HashSet<(string From, string To)> Edges(Assembly assembly, string prefix, bool acrossAssemblies = false)
    {
        var edges = new HashSet<(string, string)>();
        foreach (var type in assembly.GetTypes())
        {
            var from = Outer(type).Namespace ?? "";
            if (!from.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var used in UsedTypes(type))
            {
                var to = Outer(used).Namespace ?? "";
                if (to != from && to.StartsWith(prefix, StringComparison.Ordinal) && (acrossAssemblies || used.Assembly == assembly))
                {
                    edges.Add((from, to));
                }
            }
        }

        return edges;
    }

    private static Type Outer(Type t)
    {
        while (t.DeclaringType is not null)
        {
            t = t.DeclaringType;
        }

        return t;
    }

    private static IEnumerable<Type> UsedTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var found = new List<Type>();
        void Add(Type? t)
        {
            if (t is null)
            {
                return;
            }

            if (t.HasElementType)
            {
                Add(t.GetElementType());
                return;
            }

            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                foreach (var a in t.GetGenericArguments())
                {
                    Add(a);
                }

                t = t.GetGenericTypeDefinition();
            }

            if (!t.IsGenericParameter)
            {
                found.Add(t);
            }
        }

        Add(type.BaseType);
        foreach (var i in type.GetInterfaces())
        {
            Add(i);
        }

        foreach (var f in type.GetFields(all))
        {
            Add(f.FieldType);
        }

        foreach (var p in type.GetProperties(all))
        {
            Add(p.PropertyType);
        }

        foreach (var m in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (m is MethodInfo mi)
            {
                Add(mi.ReturnType);
            }

            foreach (var p in m.GetParameters())
            {
                Add(p.ParameterType);
            }

            foreach (var t in BodyTypes(m))
            {
                Add(t);
            }
        }

        return found;
    }

    private static IEnumerable<Type> BodyTypes(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        var module = method.Module;
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var i = 0;
        while (i < il.Length)
        {
            short value = il[i++];
            if (value == 0xFE)
            {
                value = unchecked((short)(0xFE00 | il[i++]));
            }

            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, i);
                    MemberInfo? member = null;
                    try
                    {
                        member = module.ResolveMember(token, typeArgs, methodArgs);
                    }
                    catch (ArgumentException)
                    {
                    }

                    if (member is Type t)
                    {
                        yield return t;
                    }
                    else if (member?.DeclaringType is { } declaring)
                    {
                        yield return declaring;
                    }

                    i += 4;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + (BitConverter.ToInt32(il, i) * 4);
                    break;
                default:
                    i += 4;
                    break;
            }
        }
    }
}
