/* What a first touch of a fresh anonymous page costs on this machine (benchmarks/README.md, issue 13 sixth step).
   Maps N MiB and writes one byte per 4 KiB page. With K > 0 the pages are first faulted in bulk,
   madvise(MADV_POPULATE_WRITE) over K KiB per call (issue 13 eleventh step).
   Build and run: gcc -O2 -o /tmp/first-touch first-touch.c && /tmp/first-touch 2048 [K] */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux 5.14 */
#endif

int main(int argc, char **argv)
{
    size_t bytes = (size_t)atol(argc > 1 ? argv[1] : "1024") << 20;
    size_t chunk = (size_t)atol(argc > 2 ? argv[2] : "0") * 1024;
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) { perror("mmap"); return 1; }
    for (size_t o = 0; chunk > 0 && o < bytes; o += chunk)
    {
        if (madvise(p + o, chunk < bytes - o ? chunk : bytes - o, MADV_POPULATE_WRITE) != 0) { perror("madvise"); return 1; }
    }
    for (size_t i = 0; i < bytes; i += 4096) p[i] = 1;
    clock_gettime(CLOCK_MONOTONIC, &end);
    double s = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
    printf("%zu MiB, %zu KiB per populate call (0 = none): %.3f s, %.2f us per page\n", bytes >> 20, chunk / 1024, s, s * 1e6 / (bytes / 4096));
    return 0;
}
