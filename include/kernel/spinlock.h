/*
 * Locks for one CPU: a lock that may be taken from interrupt context is
 * taken with interrupts off. The counter catches recursion bugs.
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include <kernel/types.h>

typedef struct {
	volatile int locked;
} spinlock_t;

/* clang-format off */
#define SPINLOCK_INIT { 0 }
/* clang-format on */

#ifdef UNIT_TEST
#define spin_lock_irqsave(l, flags)	 ((void)(flags = 0), (l)->locked++)
#define spin_unlock_irqrestore(l, flags) ((void)(flags), (l)->locked--)
#else
#include <asm/irqflags.h>
#include <kernel/printk.h>

#define spin_lock_irqsave(l, flags)            \
	do {                                   \
		flags = arch_local_irq_save(); \
		BUG_ON((l)->locked);           \
		(l)->locked = 1;               \
	} while (0)

#define spin_unlock_irqrestore(l, flags)       \
	do {                                   \
		(l)->locked = 0;               \
		arch_local_irq_restore(flags); \
	} while (0)
#endif

#endif
