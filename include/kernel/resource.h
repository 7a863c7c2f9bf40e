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

#define RLIMIT_CPU     0
#define RLIMIT_FSIZE   1
#define RLIMIT_DATA    2
#define RLIMIT_STACK   3
#define RLIMIT_CORE    4
#define RLIMIT_NOFILE  7
#define RLIMIT_MEMLOCK 8
#define RLIMIT_AS      9
#define RLIMIT_NICE    13
#define RLIM_NLIMITS   16
#define RLIM_INFINITY  (~0ULL)

/*
 * The most descriptors any process may have: Linux's default nr_open,
 * the ceiling of RLIMIT_NOFILE even for root.
 */
#define NR_OPEN_MAX (1024 * 1024)

/*
 * A new process's limits: 8 MiB stack; 1024 descriptors, up to 4096 (the
 * limits Linux starts init with); a nice value no lower than it had
 * (RLIMIT_NICE 0); 8 MiB of locked memory (Linux's MLOCK_LIMIT); the
 * rest unlimited.
 */
struct rlimit64 rlimit_default(unsigned int res);
/*
 * p's soft limit for res (RLIMIT_*), what the kernel enforces: open/dup
 * refuse descriptors >= proc_rlimit(p, RLIMIT_NOFILE) with EMFILE (the
 * descriptor table grows up to it, fs/fdtable.c).
 */
u64 proc_rlimit(struct process *p, unsigned int res);

#endif
