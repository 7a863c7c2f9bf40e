/*
 * Threads and processes on x86: the syscall MSRs and per-CPU GS block, the
 * FPU state user programs expect (fpu.c, saved eagerly on every switch), and what
 * a context switch changes besides the stack: the ring-0 stack for entries
 * from user mode, the address space, the user's FS base.
 */
#define pr_fmt(fmt) "process: " fmt

#include <asm/boot.h>
#include <asm/irqflags.h>
#include <asm/paravirt.h>
#include <asm/percpu.h>
#include <asm/process.h>
#include <kernel/init.h>
#include <kernel/errno.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <kernel/vm.h>

void syscall_entry(void);

struct percpu boot_percpu;

void native_user_mode_init(void)
{
	unsigned long cr0 = read_cr0(), cr4 = read_cr4();

	wrmsr(MSR_GS_BASE, (u64)&boot_percpu);
	wrmsr(MSR_KERNEL_GS_BASE, 0);

	/* syscall: kernel CS/SS from 0x08, sysret's user SS/CS from 0x10 + 8/16. */
	wrmsr(MSR_STAR, ((u64)(USER_DS - 3 - 8) << 48) | ((u64)KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (u64)syscall_entry);
	/* Interrupts, direction, trap, nested-task and alignment flags off on entry. */
	wrmsr(MSR_FMASK, 0x200 | 0x400 | 0x100 | 0x4000 | 0x40000);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);

	/* SSE for user programs: no emulation, fxsave/fxrstor, SIMD exceptions. */
	write_cr0((cr0 & ~(1UL << 2)) | (1UL << 1));
	write_cr4(cr4 | (1UL << 9) | (1UL << 10));
	/* AVX too where the CPU has XSAVE: CR4.OSXSAVE, then XCR0 (fpu.c). */
	if (fpu_xstate_supported()) {
		write_cr4(read_cr4() | (1UL << 18));
		fpu_xstate_enable();
	}
}

void arch_process_init(void)
{
	boot_percpu.self = &boot_percpu;
	if (!pv_ops.init.user_mode_init)
		boot_fail("the %s backend cannot run user mode (no init.user_mode_init)", pv_ops.init.name);
	pv_ops.init.user_mode_init();
	fpu_init();
}

void arch_switch_to(struct thread *prev, struct thread *next)
{
	unsigned long top = (unsigned long)next->stack + next->stack_size;
	struct process *np = next->proc;

	/* Under Xen PV the updates up to arch_leave_lazy_cpu() go as one multicall. */
	arch_enter_lazy_cpu();
	load_sp0(top);
	boot_percpu.kernel_rsp = top;
	if (prev->fpu)
		fpu_save(prev->fpu);
	if (next->fpu)
		fpu_restore(next->fpu);
	if (np) {
		if (np->mm && read_cr3() != np->mm->pgd)
			write_cr3(np->mm->pgd);
		wrmsr(MSR_FS_BASE, np->fs_base);
		wrmsr(MSR_KERNEL_GS_BASE, np->gs_base); /* swapgs makes it live in user mode */
	}
	arch_leave_lazy_cpu();
}

void enter_user(struct pt_regs *regs)
{
	arch_local_irq_disable();
	arch_enter_user(regs);
}

void regs_init_user(struct pt_regs *regs, u64 rip, u64 rsp)
{
	memset(regs, 0, sizeof(*regs));
	regs->rip = rip;
	regs->rsp = rsp;
	regs->cs = USER_CS;
	regs->ss = USER_DS;
	regs->rflags = 0x202; /* IF */
	regs->vector = (u64)-1;
}

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

static long sys_arch_prctl(unsigned long code, unsigned long addr)
{
	struct process *p = current_proc();
	u64 gs;

	switch (code) {
	case ARCH_SET_FS:
		if (addr >= USER_TOP)
			return -EPERM;
		p->fs_base = addr;
		wrmsr(MSR_FS_BASE, addr);
		return 0;
	case ARCH_GET_FS:
		return copy_to_user((void *)addr, &p->fs_base, sizeof(u64));
	case ARCH_SET_GS:
		if (addr >= USER_TOP)
			return -EPERM;
		p->gs_base = addr;
		wrmsr(MSR_KERNEL_GS_BASE, addr); /* the user's GS while in the kernel */
		return 0;
	case ARCH_GET_GS:
		gs = p->gs_base;
		return copy_to_user((void *)addr, &gs, sizeof(u64));
	default:
		return -EINVAL;
	}
}
SYSCALL(__NR_arch_prctl, arch_prctl, sys_arch_prctl);
