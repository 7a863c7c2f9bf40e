/*
 * In-kernel microbenchmarks, run by bench=NAME on the command line and
 * printed as "bench: NAME ITEM VALUE UNIT" lines for scripts/bench.sh.
 * Under QEMU -icount shift=0 the TSC counts instructions, so values are
 * exact instruction counts.
 */
#ifndef KERNEL_BENCH_H
#define KERNEL_BENCH_H

#include <kernel/types.h>

#ifdef CONFIG_SELFTESTS
bool bench_requested(void);
/* Runs the requested benchmarks and ends the boot. */
__attribute__((noreturn)) void bench_run(void);
#else
static inline bool bench_requested(void) { return false; }
static inline void bench_run(void) { }
#endif

#endif
