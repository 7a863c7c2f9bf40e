/*
 * Lazy-MMU sections: code that changes many page-table entries at once
 * (fork, exec, munmap, mprotect, teardown) brackets them with
 * lazy_mmu_enter()/lazy_mmu_leave(), and a backend that pays per update
 * (Xen PV: a hypercall) may queue them until the section ends. The rules:
 *
 * - Nesting: sections nest; only the outermost leave ends the backend's
 *   lazy mode (and sends the queue).
 * - Preemption: a section belongs to its thread. A switch away sends the
 *   queue and ends the backend's lazy mode; switching back resumes it. A
 *   thread outside any section never sees its updates queued.
 * - Page faults: the fault handler sends the queue before the faulting
 *   access is retried (mm/fault.c), so a fault inside a section works.
 * - Only last-level updates are ever queued; a walk that creates a table
 *   sees it at once.
 */
#include <asm/irqflags.h>
#include <asm/paravirt.h>
#include <kernel/sched.h>
#include <kernel/vm.h>

/*
 * The thread's count and the backend's mode change together, with
 * interrupts off: a switch between the two would leave the backend's
 * mode counted twice (or not at all) when the thread comes back.
 */
void lazy_mmu_enter(void)
{
	unsigned long flags = arch_local_irq_save();

	if (current->lazy_mmu++ == 0)
		arch_enter_lazy_mmu();
	arch_local_irq_restore(flags);
}

void lazy_mmu_leave(void)
{
	unsigned long flags = arch_local_irq_save();

	if (current->lazy_mmu && --current->lazy_mmu == 0)
		arch_leave_lazy_mmu();
	arch_local_irq_restore(flags);
}

void lazy_mmu_switch_out(struct thread *prev)
{
	if (prev->lazy_mmu)
		arch_leave_lazy_mmu();
	else
		arch_flush_lazy_mmu();
}

void lazy_mmu_switch_in(struct thread *next)
{
	if (next->lazy_mmu)
		arch_enter_lazy_mmu();
}
