/* The same first touch, faulted in bulk: madvise(MADV_POPULATE_WRITE) over K KiB at a time, then one write per page
   (benchmarks/README.md, issue 13 eleventh step). K = 0 touches page by page, as first-touch.c.
   Build and run: gcc -O2 -o /tmp/populate populate.c && /tmp/populate 1024 64 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux 5.14 */
#endif

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    size_t mib = (size_t)atol(argc > 1 ? argv[1] : "1024");
    size_t chunk = (size_t)atol(argc > 2 ? argv[2] : "64") * 1024;
    size_t bytes = mib << 20;
    char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) { perror("mmap"); return 1; }
    double start = seconds();
    for (size_t o = 0; chunk > 0 && o < bytes; o += chunk)
    {
        if (madvise(p + o, chunk < bytes - o ? chunk : bytes - o, MADV_POPULATE_WRITE) != 0) { perror("madvise"); return 1; }
    }
    for (size_t i = 0; i < bytes; i += 4096) p[i] = 1;
    double elapsed = seconds() - start;
    printf("%zu MiB, %zu KiB per call: %.3f s, %.2f us per page\n", mib, chunk / 1024, elapsed, elapsed * 1e6 / (bytes / 4096));
    return 0;
}
