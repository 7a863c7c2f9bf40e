/*
 * System call dispatch: the table is built at boot from the SYSCALL()
 * registrations each subsystem makes; an unknown number returns -ENOSYS
 * and is logged once. On the way out, pending signals are acted on, the
 * scheduler gets its chance, and restartable sequences are fixed up.
 */
#define pr_fmt(fmt) "syscall: " fmt

#include <asm/boot.h>
#include <asm/irqflags.h>
#include <asm/page.h>
#include <asm/process.h>
#include <asm/ptrace.h>
#include <kernel/cputime.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/proc.h>
#include <kernel/rseq.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/syscall.h>

extern const struct syscall_entry __start_syscalls[], __stop_syscalls[];

static syscall_fn table[NR_SYSCALLS];
static const char *names[NR_SYSCALLS];
static u64 unknown_logged[NR_SYSCALLS / 64];

void syscall_table_init(void);

void syscall_table_init(void)
{
	for (const struct syscall_entry *e = __start_syscalls; e < __stop_syscalls; e++) {
		if (e->nr >= NR_SYSCALLS || table[e->nr])
			panic("syscall: %s registered as %u twice or out of range", e->name, e->nr);
		table[e->nr] = e->fn;
		names[e->nr] = e->name;
	}
}

struct pt_regs *current_syscall_regs(void)
{
	return thread_regs(current, current->stack, current->stack_size);
}

/*
 * exit_work() once restartable-sequence work is flagged (a switch, a
 * fork, a registration): that work may fault, sleep or queue SIGSEGV, so
 * signals and the scheduler get their turn again, until a round ends
 * with the flag clear and interrupts off.
 */
static __noinline void exit_work_rseq(struct pt_regs *regs)
{
	do {
		arch_local_irq_enable();
		rseq_handle_resume(regs);
		deliver_signals(regs);
		preempt_check();
		arch_local_irq_disable();
	} while (current->rseq_resume);
}

/*
 * Work before any return to user mode, entered with interrupts on:
 * signals, then a pending reschedule, then restartable sequences. Those
 * must see every switch up to the return itself, so their flag is tested
 * with interrupts off, which stay off from there to user mode.
 */
static __always_inline void exit_work(struct pt_regs *regs)
{
	deliver_signals(regs);
	preempt_check();
	arch_local_irq_disable();
	if (unlikely(current->rseq_resume))
		exit_work_rseq(regs);
}

/*
 * The same from an interrupt or exception, which arrives with interrupts
 * off; its entry from user mode charged the user time (x86_interrupt()).
 */
void exit_to_user(struct pt_regs *regs)
{
	arch_local_irq_enable();
	exit_work(regs);
	cputime_leave_kernel();
}

/* Returns non-zero when sysret can restore the state (see entry_user.S). */
long do_syscall(struct pt_regs *regs)
{
	u64 nr = regs->error_code; /* the number, as entry saved it */
	long ret;

	cputime_enter_kernel();
	arch_local_irq_enable();
	if (nr < NR_SYSCALLS && table[nr]) {
		ret = table[nr](regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8, regs->r9);
	} else {
		if (nr < NR_SYSCALLS && !(unknown_logged[nr / 64] & (1ULL << (nr % 64)))) {
			unknown_logged[nr / 64] |= 1ULL << (nr % 64);
			pr_info("%s[%d]: unimplemented system call %llu, returning ENOSYS\n",
				current_proc() ? current_proc()->comm : "?",
				current_proc() ? current_proc()->pid : 0, (unsigned long long)nr);
		}
		ret = -ENOSYS;
	}
	/* rt_sigreturn and execve set the whole frame themselves. */
	if (nr != __NR_rt_sigreturn && !(nr == __NR_execve && ret == 0))
		regs->rax = (u64)ret;
	exit_work(regs);
	cputime_leave_kernel();
	/* sysret reloads rip from rcx and rflags from r11: usable only if those agree. */
	return regs->rcx == regs->rip && regs->r11 == regs->rflags &&
	       regs->rip < USER_TOP && regs->cs == USER_CS && regs->ss == USER_DS;
}
