/*
 * Resource limits (getrlimit, setrlimit, prlimit64: kernel/rlimit.c). They
 * belong to the process, all its threads sharing them (struct
 * thread_group, <kernel/signal_ext.h>), and a forked child inherits them.
 */
#ifndef KERNEL_RESOURCE_H
#define KERNEL_RESOURCE_H

#include <kernel/types.h>

struct process;

struct rlimit64 {
	u64 cur, max;
};

#define RLIMIT_CPU    0
#define RLIMIT_FSIZE  1
#define RLIMIT_DATA   2
#define RLIMIT_STACK  3
#define RLIMIT_CORE   4
#define RLIMIT_NOFILE 7
#define RLIMIT_AS     9
#define RLIM_NLIMITS  16
#define RLIM_INFINITY (~0ULL)

/* A new process's limits: 8 MiB stack, 64 files, the rest unlimited. */
struct rlimit64 rlimit_default(unsigned int res);
/*
 * p's soft limit for res (RLIMIT_*), what the kernel enforces: open/dup
 * refuse descriptors >= proc_rlimit(p, RLIMIT_NOFILE) with EMFILE.
 */
u64 proc_rlimit(struct process *p, unsigned int res);

#endif
