/*
 * The per-CPU block the kernel's GS base points at. Entry code reaches it
 * with %gs-relative loads after swapgs; the offsets are fixed here for it.
 */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#define PERCPU_USER_RSP	  0 /* scratch: user %rsp at syscall entry */
#define PERCPU_KERNEL_RSP 8 /* top of the running thread's kernel stack */
#define PERCPU_SELF	  16

#ifndef __ASSEMBLY__
#include <kernel/types.h>

struct percpu {
	u64 user_rsp;
	u64 kernel_rsp;
	struct percpu *self;
};

extern struct percpu boot_percpu;

#define MSR_EFER	   0xc0000080
#define MSR_STAR	   0xc0000081
#define MSR_LSTAR	   0xc0000082
#define MSR_FMASK	   0xc0000084
#define MSR_FS_BASE	   0xc0000100
#define MSR_GS_BASE	   0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102
#define EFER_SCE	   (1ULL << 0)
#endif

#endif
