/*
 * Memory ordering for memory shared with another domain or a device
 * (Xen rings, the console page, grant entries). x86 keeps loads in order
 * with loads and stores with stores (TSO), so the read and write barriers
 * only stop the compiler; what x86 may reorder is a store followed by a
 * load of another location, which virt_mb() forbids.
 */
#ifndef ASM_BARRIER_H
#define ASM_BARRIER_H

#include <kernel/compiler.h>

/* clang-format off */
#define virt_mb()	__asm__ __volatile__("mfence" ::: "memory")
/* clang-format on */
#define virt_rmb() barrier()
#define virt_wmb() barrier()

#endif
