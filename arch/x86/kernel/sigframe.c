/*
 * The x86_64 signal frame, laid out exactly as Linux's rt_sigframe since
 * libc reads it (siginfo, ucontext for SA_SIGINFO handlers) and its
 * restorer passes it back to rt_sigreturn:
 *
 *	frame:	return address (sa_restorer), popped by the handler's ret
 *	+8:	struct ucontext: flags, link, stack, sigcontext, sigmask
 *	+312:	siginfo (128 bytes)
 *	above:	the FPU state that sigcontext.fpstate points to, 64-byte
 *		aligned: FXSAVE's 512 bytes, or with XSAVE the whole XSAVE
 *		image and its end marker (fpu.c; uc_flags has UC_FP_XSTATE)
 *
 * The handler starts with (rsp + 8) % 16 == 0, as after a call.
 */
#define pr_fmt(fmt) "sigframe: " fmt

#include <asm/boot.h>
#include <asm/fpu.h>
#include <asm/irqflags.h>
#include <asm/page.h>
#include <asm/ptrace.h>
#include <kernel/errno.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/signal_ext.h>
#include <kernel/string.h>
#include <kernel/uaccess.h>

#define RED_ZONE 128

/* uc_flags: fpstate is an XSAVE image; the ss field of sigcontext is valid and restored as given. */
#define UC_FP_XSTATE	     0x1
#define UC_SIGCONTEXT_SS     0x2
#define UC_STRICT_RESTORE_SS 0x4

/* Flags a user may change through rt_sigreturn (as popf could). */
#define FLAGS_USER ((1UL << 0) | (1UL << 2) | (1UL << 4) | (1UL << 6) | (1UL << 7) | \
		    (1UL << 8) | (1UL << 10) | (1UL << 11) | (1UL << 18) | (1UL << 21))
#define FLAG_RESERVED1 (1UL << 1)
#define FLAG_IF	       (1UL << 9)
#define FLAG_TF	       (1UL << 8)
#define FLAG_DF	       (1UL << 10)
#define FLAG_RF	       (1UL << 16)

struct sigcontext64 {
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
	u64 rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	u16 cs, gs, fs, ss;
	u64 err, trapno, oldmask, cr2;
	u64 fpstate;
	u64 reserved1[8];
};

struct stack64 {
	u64 ss_sp;
	s32 ss_flags;
	u32 pad;
	u64 ss_size;
};

struct ucontext64 {
	u64 uc_flags;
	u64 uc_link;
	struct stack64 uc_stack;
	struct sigcontext64 uc_mcontext;
	u64 uc_sigmask;
};

struct siginfo64 {
	s32 si_signo;
	s32 si_errno;
	s32 si_code;
	s32 pad;
	union {
		struct { /* kill, tkill, SIGCHLD */
			s32 pid;
			u32 uid;
			s32 status;
			s32 pad;
			s64 utime, stime;
		} proc;
		struct { /* SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP */
			u64 addr;
		} fault;
		u8 raw[112];
	};
};

struct rt_sigframe {
	u64 pretcode;
	struct ucontext64 uc;
	struct siginfo64 info;
};

_Static_assert(sizeof(struct sigcontext64) == 256, "sigcontext layout");
_Static_assert(sizeof(struct ucontext64) == 304, "ucontext layout");
_Static_assert(sizeof(struct siginfo64) == 128, "siginfo layout");
_Static_assert(__builtin_offsetof(struct rt_sigframe, info) == 312, "rt_sigframe layout");

static void fill_siginfo(struct siginfo64 *si, const struct ksiginfo *info)
{
	memset(si, 0, sizeof(*si));
	si->si_signo = info->signo;
	si->si_code = info->code;
	if (info->fault) {
		si->fault.addr = info->addr;
	} else {
		si->proc.pid = info->pid;
		si->proc.uid = info->uid;
		if (info->signo == SIGCHLD)
			si->proc.status = info->status;
	}
}

int arch_copy_siginfo_to_user(u64 uaddr, const struct ksiginfo *info)
{
	struct siginfo64 si;

	fill_siginfo(&si, info);
	return copy_to_user((void *)uaddr, &si, sizeof(si));
}

int arch_setup_rt_frame(struct pt_regs *regs, const struct k_sigaction *ka,
			const struct ksiginfo *info, u64 oldmask,
			const struct ksigaltstack *uc_stack, u64 stack_top)
{
	struct rt_sigframe f;
	struct sigcontext64 *sc = &f.uc.uc_mcontext;
	u64 sp = stack_top ? stack_top : regs->rsp - RED_ZONE;
	u64 fp, frame;
	unsigned long flags;
	bool xstate;

	/* The FPU state sits highest, 64-byte aligned as Linux keeps it. */
	fp = ALIGN_DOWN(sp - fpu_sigframe_size(), 64);
	frame = ALIGN_DOWN(fp - sizeof(f), 16) - 8;
	if (frame >= sp || frame >= USER_TOP)
		return -EFAULT; /* wrapped below address 0 */

	/* The running thread's FPU registers are the live state (switches save and restore them eagerly). */
	if (fpu_sigframe_save(fp, &xstate))
		return -EFAULT;

	memset(&f, 0, sizeof(f));
	f.pretcode = ka->restorer;
	f.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS | (xstate ? UC_FP_XSTATE : 0);
	f.uc.uc_link = 0;
	f.uc.uc_stack.ss_sp = uc_stack->sp;
	f.uc.uc_stack.ss_flags = (s32)uc_stack->flags;
	f.uc.uc_stack.ss_size = uc_stack->size;
	sc->r8 = regs->r8;
	sc->r9 = regs->r9;
	sc->r10 = regs->r10;
	sc->r11 = regs->r11;
	sc->r12 = regs->r12;
	sc->r13 = regs->r13;
	sc->r14 = regs->r14;
	sc->r15 = regs->r15;
	sc->rdi = regs->rdi;
	sc->rsi = regs->rsi;
	sc->rbp = regs->rbp;
	sc->rbx = regs->rbx;
	sc->rdx = regs->rdx;
	sc->rax = regs->rax;
	sc->rcx = regs->rcx;
	sc->rsp = regs->rsp;
	sc->rip = regs->rip;
	sc->eflags = regs->rflags;
	sc->cs = (u16)regs->cs;
	sc->ss = (u16)regs->ss;
	/* Exception details only when the signal comes from one. */
	if (info->fault && regs->vector < 32) {
		sc->trapno = regs->vector;
		sc->err = regs->error_code;
	}
	sc->oldmask = oldmask;
	sc->cr2 = info->fault ? info->addr : 0;
	sc->fpstate = fp;
	f.uc.uc_sigmask = oldmask;
	fill_siginfo(&f.info, info);

	if (copy_to_user((void *)frame, &f, sizeof(f)))
		return -EFAULT;

	regs->rip = ka->handler;
	regs->rsp = frame;
	regs->rdi = (u64)info->signo;
	regs->rsi = frame + __builtin_offsetof(struct rt_sigframe, info);
	regs->rdx = frame + __builtin_offsetof(struct rt_sigframe, uc);
	regs->rax = 0;
	regs->rflags &= ~(FLAG_TF | FLAG_DF | FLAG_RF);
	regs->cs = USER_CS;
	regs->ss = USER_DS;
	/* The handler starts from the initial FPU state, as at exec (Linux does the same). */
	flags = arch_local_irq_save();
	fpu_reset_current();
	arch_local_irq_restore(flags);
	return 0;
}

int arch_restore_rt_frame(struct pt_regs *regs, u64 *mask, struct ksigaltstack *uc_stack)
{
	/* The restorer's return popped pretcode: the ucontext is at rsp. */
	u64 uc_addr = regs->rsp;
	struct ucontext64 uc;
	struct sigcontext64 *sc = &uc.uc_mcontext;
	int rc;

	if (copy_from_user(&uc, (const void *)uc_addr, sizeof(uc)))
		return -EFAULT;
	/* iretq to a non-canonical address would fault in the kernel. */
	if (sc->rip >= USER_TOP || sc->rsp >= USER_TOP)
		return -EFAULT;
	/* The FPU state first: the only part that can still fail. Checked before XRSTOR sees it (fpu.c). */
	rc = fpu_sigframe_restore(sc->fpstate);
	if (rc)
		return rc;

	regs->r8 = sc->r8;
	regs->r9 = sc->r9;
	regs->r10 = sc->r10;
	regs->r11 = sc->r11;
	regs->r12 = sc->r12;
	regs->r13 = sc->r13;
	regs->r14 = sc->r14;
	regs->r15 = sc->r15;
	regs->rdi = sc->rdi;
	regs->rsi = sc->rsi;
	regs->rbp = sc->rbp;
	regs->rbx = sc->rbx;
	regs->rdx = sc->rdx;
	regs->rax = sc->rax;
	regs->rcx = sc->rcx;
	regs->rsp = sc->rsp;
	regs->rip = sc->rip;
	regs->rflags = (sc->eflags & FLAGS_USER) | FLAG_IF | FLAG_RESERVED1;
	regs->cs = USER_CS;
	regs->ss = USER_DS;

	*mask = uc.uc_sigmask;
	uc_stack->sp = uc.uc_stack.ss_sp;
	uc_stack->size = uc.uc_stack.ss_size;
	uc_stack->flags = (u32)uc.uc_stack.ss_flags;
	return 0;
}
