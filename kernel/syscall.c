/*
 * System call dispatch: the table is built at boot from the SYSCALL()
 * registrations each subsystem makes; an unknown number returns -ENOSYS
 * and is logged once. On the way out, pending signals are acted on and
 * the scheduler gets its chance.
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

/* Work before any return to user mode, interrupts on: signals, then a pending reschedule. */
static void exit_work(struct pt_regs *regs)
{
	deliver_signals(regs);
	preempt_check();
}

/*
 * The same from an interrupt or exception, which arrives with interrupts
 * off; its entry from user mode charged the user time (x86_interrupt()).
 */
void exit_to_user(struct pt_regs *regs)
{
	arch_local_irq_enable();
	exit_work(regs);
	arch_local_irq_disable();
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
	arch_local_irq_disable();
	cputime_leave_kernel();
	/* sysret reloads rip from rcx and rflags from r11: usable only if those agree. */
	return regs->rcx == regs->rip && regs->r11 == regs->rflags &&
	       regs->rip < USER_TOP && regs->cs == USER_CS && regs->ss == USER_DS;
}
