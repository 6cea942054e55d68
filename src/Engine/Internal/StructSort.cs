using System.Numerics;
using System.Runtime.CompilerServices;

namespace ConnMgr.Engine.Internal;

/// <summary>
/// Introsort specialised by the JIT for a struct comparer. <see cref="MemoryExtensions.Sort{T, TComparer}(Span{T}, TComparer)"/>
/// boxes its comparer and calls it through an interface, which made the trim's sort 4× slower than sorting ints;
/// here each comparison is a direct, inlinable call. Deterministic for a given input (no randomised pivots);
/// not stable, so callers supply a total order.
/// </summary>
internal static class StructSort
{
    private const int InsertionThreshold = 16;

    public static void Sort<T, TComparer>(Span<T> items, TComparer comparer)
        where TComparer : struct, IComparer<T>
    {
        if (items.Length > 1)
        {
            IntroSort(items, comparer, 2 * (BitOperations.Log2((uint)items.Length) + 1));
        }
    }

    private static void IntroSort<T, TComparer>(Span<T> items, TComparer comparer, int depth)
        where TComparer : struct, IComparer<T>
    {
        while (items.Length > InsertionThreshold)
        {
            if (depth-- == 0)
            {
                HeapSort(items, comparer);
                return;
            }

            var p = Partition(items, comparer);
            // Recurse into the smaller side, loop on the larger: O(log n) stack.
            if (p < items.Length - p)
            {
                IntroSort(items[..p], comparer, depth);
                items = items[(p + 1)..];
            }
            else
            {
                IntroSort(items[(p + 1)..], comparer, depth);
                items = items[..p];
            }
        }

        InsertionSort(items, comparer);
    }

    private static int Partition<T, TComparer>(Span<T> items, TComparer comparer)
        where TComparer : struct, IComparer<T>
    {
        var hi = items.Length - 1;
        var mid = hi >> 1;
        SwapIfGreater(items, comparer, 0, mid);
        SwapIfGreater(items, comparer, 0, hi);
        SwapIfGreater(items, comparer, mid, hi);
        var pivot = items[mid];
        Swap(items, mid, hi - 1);
        int left = 0, right = hi - 1;
        while (left < right)
        {
            while (comparer.Compare(items[++left], pivot) < 0)
            {
            }

            while (comparer.Compare(pivot, items[--right]) < 0)
            {
            }

            if (left >= right)
            {
                break;
            }

            Swap(items, left, right);
        }

        if (left != hi - 1)
        {
            Swap(items, left, hi - 1);
        }

        return left;
    }

    private static void InsertionSort<T, TComparer>(Span<T> items, TComparer comparer)
        where TComparer : struct, IComparer<T>
    {
        for (var i = 1; i < items.Length; i++)
        {
            var t = items[i];
            var j = i - 1;
            while (j >= 0 && comparer.Compare(t, items[j]) < 0)
            {
                items[j + 1] = items[j];
                j--;
            }

            items[j + 1] = t;
        }
    }

    private static void HeapSort<T, TComparer>(Span<T> items, TComparer comparer)
        where TComparer : struct, IComparer<T>
    {
        var n = items.Length;
        for (var i = (n >> 1) - 1; i >= 0; i--)
        {
            SiftDown(items, comparer, i, n);
        }

        for (var end = n - 1; end > 0; end--)
        {
            Swap(items, 0, end);
            SiftDown(items, comparer, 0, end);
        }
    }

    private static void SiftDown<T, TComparer>(Span<T> items, TComparer comparer, int i, int n)
        where TComparer : struct, IComparer<T>
    {
        var d = items[i];
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= n)
            {
                break;
            }

            if (child + 1 < n && comparer.Compare(items[child], items[child + 1]) < 0)
            {
                child++;
            }

            if (comparer.Compare(d, items[child]) >= 0)
            {
                break;
            }

            items[i] = items[child];
            i = child;
        }

        items[i] = d;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SwapIfGreater<T, TComparer>(Span<T> items, TComparer comparer, int i, int j)
        where TComparer : struct, IComparer<T>
    {
        if (comparer.Compare(items[i], items[j]) > 0)
        {
            Swap(items, i, j);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Swap<T>(Span<T> items, int i, int j) => (items[i], items[j]) = (items[j], items[i]);
}
