/* The register frame that interrupt and exception entry push (entry.S). */
#ifndef ASM_PTRACE_H
#define ASM_PTRACE_H

#include <kernel/types.h>

struct pt_regs {
	u64 r15, r14, r13, r12, r11, r10, r9, r8;
	u64 rbp, rdi, rsi, rdx, rcx, rbx, rax;
	u64 vector;
	u64 error_code; /* 0 for vectors without one */
	/* pushed by the CPU */
	u64 rip, cs, rflags, rsp, ss;
};

static inline bool user_mode(const struct pt_regs *r)
{
	return (r->cs & 3) != 0;
}

void show_regs(const struct pt_regs *r);
/* Called by entry.S for every vector. */
void x86_interrupt(struct pt_regs *r);
/* Called by entry_user.S for every system call. */
long do_syscall(struct pt_regs *regs);
/* Signals and rescheduling before returning to user mode (kernel/syscall.c). */
void exit_to_user(struct pt_regs *regs);

#endif
