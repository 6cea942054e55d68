/* What a first touch of a fresh anonymous page costs on this machine (benchmarks/README.md, issue 13 sixth step).
   Maps N MiB and writes one byte per 4 KiB page. Build and run: gcc -O2 -o /tmp/first-touch first-touch.c && /tmp/first-touch 2048 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

int main(int argc, char **argv)
{
    size_t bytes = (size_t)atol(argc > 1 ? argv[1] : "1024") << 20;
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) { perror("mmap"); return 1; }
    for (size_t i = 0; i < bytes; i += 4096) p[i] = 1;
    clock_gettime(CLOCK_MONOTONIC, &end);
    double s = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
    printf("%zu MiB: %.3f s, %.2f us per page\n", bytes >> 20, s, s * 1e6 / (bytes / 4096));
    return 0;
}
