/*
 * System calls: each one is defined where its subsystem lives and
 * registered with its Linux x86_64 number:
 *
 *	static long sys_getpid(void) { ... }
 *	SYSCALL(__NR_getpid, getpid, sys_getpid);
 *
 * Arguments arrive as unsigned long (cast them inside); the return value is
 * the result or a negative errno. A number nobody registered returns
 * -ENOSYS and is logged once (kernel/syscall.c).
 */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include <kernel/compiler.h>
#include <kernel/types.h>
#include <kernel/unistd.h>

typedef long (*syscall_fn)(unsigned long, unsigned long, unsigned long,
			   unsigned long, unsigned long, unsigned long);

struct syscall_entry {
	unsigned int nr;
	const char *name;
	syscall_fn fn;
};

/* clang-format off */
#define SYSCALL(nr_, name_, fn_)					\
	static const struct syscall_entry __syscall_##name_		\
	__section("syscalls") __used __aligned(8) =			\
		{ nr_, #name_, (syscall_fn)(void (*)(void))(fn_) }
/* clang-format on */

#define NR_SYSCALLS 512

struct pt_regs;
/* The registers of the current system call (for fork, execve, sigreturn). */
struct pt_regs *current_syscall_regs(void);

#endif
