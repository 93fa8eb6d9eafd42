/* OpenBLAS sgemm 2048³ for the W1 bench (compiled there with cc -O2 -lopenblas): after a warm-up, prints the best and
   the mean seconds of 3 timed runs. Threads and kernel come from OPENBLAS_NUM_THREADS and OPENBLAS_CORETYPE. */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(void) {
  const int n = 2048, timed = 3;
  float *a = malloc(sizeof(float) * n * n), *b = malloc(sizeof(float) * n * n), *c = malloc(sizeof(float) * n * n);
  if (!a || !b || !c) return 1;
  for (long i = 0; i < (long)n * n; i++) a[i] = 0.5f, b[i] = 0.25f;
  double best = 1e30, sum = 0;
  for (int r = 0; r <= timed; r++) {
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a, n, b, n, 0.0f, c, n);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    const double s = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    if (r == 0) continue; /* warm-up */
    if (s < best) best = s;
    sum += s;
  }
  printf("%.9f %.9f\n", best, sum / timed);
  return 0;
}
