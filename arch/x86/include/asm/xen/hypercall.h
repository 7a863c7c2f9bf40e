/*
 * Hypercalls for a 64-bit PV (and PVH) guest, through the hypercall page.
 *
 * Xen fills hypercall_page (arch/x86/xen/xen-head.S) with one 32-byte stub
 * per hypercall number: for a PV guest each stub saves %rcx and %r11, loads
 * the number into %eax and enters Xen with SYSCALL; for a PVH guest it is
 * VMCALL or VMMCALL. Either way the caller passes up to five arguments in
 * %rdi, %rsi, %rdx, %r10 and %r8 and gets the result (0 or a positive value,
 * or a negative Xen errno) in %rax.
 *
 * Clobbers: a debug build of Xen overwrites every argument register a
 * hypercall takes with a poison value before returning, so all five
 * argument registers are treated as clobbered by every call. %rcx and %r11
 * are listed too: SYSCALL destroys them, and although the PV stub saves and
 * restores them, nothing here depends on that. Memory is clobbered since
 * Xen reads and writes guest structures passed by pointer.
 *
 * Usable from assembly only for XEN_HYPERCALL_ENTRY_SIZE and the
 * __HYPERVISOR_* numbers: "call hypercall_page + __HYPERVISOR_x * 32".
 */
#ifndef ASM_XEN_HYPERCALL_H
#define ASM_XEN_HYPERCALL_H

#include <asm/xen/interface.h>

/* Bytes per hypercall stub in the page. */
#define XEN_HYPERCALL_ENTRY_SIZE 32

#ifndef __ASSEMBLY__

/* Page-aligned, in .text; written by Xen or the domain builder (PV) or
 * through the hypercall MSR by the guest itself (PVH). */
extern char hypercall_page[4096];

#define XEN_HYPERCALL_NUMBERS 64

/*
 * What the kernel asked of Xen (/proc/pvops): every hypercall made from C,
 * by number, and the page-table updates and multicalls among them.
 */
struct xen_hypercall_stats {
	unsigned long hypercalls; /* of any kind (a multicall counts once) */
	unsigned long by_number[XEN_HYPERCALL_NUMBERS];
	unsigned long mmu_hypercalls; /* mmu_update and mmuext_op calls */
	unsigned long mmu_batches;    /* lazy-MMU flushes that sent queued entries */
	unsigned long mmu_batched;    /* entries sent in those */
	unsigned long mmu_single;     /* entries sent one per hypercall */
	unsigned long multicalls;     /* multicall hypercalls (e.g. one per context switch) */
	unsigned long mc_entries;     /* hypercalls carried in them */
};
extern struct xen_hypercall_stats xen_stats;

#define __xen_hc_count(nr)                                           \
	do {                                                         \
		xen_stats.hypercalls++;                              \
		xen_stats.by_number[(nr) % XEN_HYPERCALL_NUMBERS]++; \
	} while (0)

#define __xen_hc_call	 "call hypercall_page + %c[hc_off]"
#define __xen_hc_off(nr) [hc_off] "i"((nr)*XEN_HYPERCALL_ENTRY_SIZE)

/*
 * _hypercallN(nr, args...): hypercall nr (a compile-time constant) with N
 * arguments, each converted to unsigned long; evaluates to the long result.
 * Arguments are evaluated into ordinary temporaries first so that nothing
 * (a function call in an argument, say) can disturb %r10 or %r8 once they
 * are loaded.
 */
#define _hypercall0(nr)                                                                           \
	__extension__({                                                                           \
		long __hc_res;                                                                    \
		__xen_hc_count(nr);                                                               \
		__asm__ __volatile__(__xen_hc_call                                                \
				     : "=a"(__hc_res)                                             \
				     : __xen_hc_off(nr)                                           \
				     : "rdi", "rsi", "rdx", "r10", "r8", "rcx", "r11", "memory"); \
		__hc_res;                                                                         \
	})

#define _hypercall1(nr, a1)                                                                \
	__extension__({                                                                    \
		long __hc_res;                                                             \
		__xen_hc_count(nr);                                                        \
		unsigned long __hc_1 = (unsigned long)(a1);                                \
		__asm__ __volatile__(__xen_hc_call                                         \
				     : "=a"(__hc_res), "+D"(__hc_1)                        \
				     : __xen_hc_off(nr)                                    \
				     : "rsi", "rdx", "r10", "r8", "rcx", "r11", "memory"); \
		__hc_res;                                                                  \
	})

#define _hypercall2(nr, a1, a2)                                                     \
	__extension__({                                                             \
		long __hc_res;                                                      \
		__xen_hc_count(nr);                                                 \
		unsigned long __hc_1 = (unsigned long)(a1);                         \
		unsigned long __hc_2 = (unsigned long)(a2);                         \
		__asm__ __volatile__(__xen_hc_call                                  \
				     : "=a"(__hc_res), "+D"(__hc_1), "+S"(__hc_2)   \
				     : __xen_hc_off(nr)                             \
				     : "rdx", "r10", "r8", "rcx", "r11", "memory"); \
		__hc_res;                                                           \
	})

#define _hypercall3(nr, a1, a2, a3)                                                \
	__extension__({                                                            \
		long __hc_res;                                                     \
		__xen_hc_count(nr);                                                \
		unsigned long __hc_1 = (unsigned long)(a1);                        \
		unsigned long __hc_2 = (unsigned long)(a2);                        \
		unsigned long __hc_3 = (unsigned long)(a3);                        \
		__asm__ __volatile__(__xen_hc_call                                 \
				     : "=a"(__hc_res), "+D"(__hc_1), "+S"(__hc_2), \
				       "+d"(__hc_3)                                \
				     : __xen_hc_off(nr)                            \
				     : "r10", "r8", "rcx", "r11", "memory");       \
		__hc_res;                                                          \
	})

#define _hypercall4(nr, a1, a2, a3, a4)                                            \
	__extension__({                                                            \
		long __hc_res;                                                     \
		__xen_hc_count(nr);                                                \
		unsigned long __hc_1 = (unsigned long)(a1);                        \
		unsigned long __hc_2 = (unsigned long)(a2);                        \
		unsigned long __hc_3 = (unsigned long)(a3);                        \
		unsigned long __hc_4v = (unsigned long)(a4);                       \
		register unsigned long __hc_4 __asm__("r10") = __hc_4v;            \
		__asm__ __volatile__(__xen_hc_call                                 \
				     : "=a"(__hc_res), "+D"(__hc_1), "+S"(__hc_2), \
				       "+d"(__hc_3), "+r"(__hc_4)                  \
				     : __xen_hc_off(nr)                            \
				     : "r8", "rcx", "r11", "memory");              \
		__hc_res;                                                          \
	})

#define _hypercall5(nr, a1, a2, a3, a4, a5)                                        \
	__extension__({                                                            \
		long __hc_res;                                                     \
		__xen_hc_count(nr);                                                \
		unsigned long __hc_1 = (unsigned long)(a1);                        \
		unsigned long __hc_2 = (unsigned long)(a2);                        \
		unsigned long __hc_3 = (unsigned long)(a3);                        \
		unsigned long __hc_4v = (unsigned long)(a4);                       \
		unsigned long __hc_5v = (unsigned long)(a5);                       \
		register unsigned long __hc_4 __asm__("r10") = __hc_4v;            \
		register unsigned long __hc_5 __asm__("r8") = __hc_5v;             \
		__asm__ __volatile__(__xen_hc_call                                 \
				     : "=a"(__hc_res), "+D"(__hc_1), "+S"(__hc_2), \
				       "+d"(__hc_3), "+r"(__hc_4), "+r"(__hc_5)    \
				     : __xen_hc_off(nr)                            \
				     : "rcx", "r11", "memory");                    \
		__hc_res;                                                          \
	})

/*
 * A hypercall whose number is known only at run time (/dev/xen/privcmd
 * passes user space's): an indirect call into the page, with the same
 * registers and clobbers as _hypercall5. The caller checks that nr is
 * below XEN_HYPERCALL_PAGE_STUBS: the page has no more stubs, and the
 * address must stay inside it. The call is a plain indirect one, also
 * with CONFIG_RETPOLINE (the compiler's thunks cover only its own calls).
 */
#define XEN_HYPERCALL_PAGE_STUBS (4096 / XEN_HYPERCALL_ENTRY_SIZE)

static inline long xen_hypercall_by_number(unsigned int nr, unsigned long a1, unsigned long a2,
					   unsigned long a3, unsigned long a4, unsigned long a5)
{
	unsigned long stub = (unsigned long)hypercall_page + nr * XEN_HYPERCALL_ENTRY_SIZE;
	register unsigned long r10 __asm__("r10") = a4;
	register unsigned long r8 __asm__("r8") = a5;
	long res;

	__xen_hc_count(nr);
	__asm__ __volatile__("call *%[stub]"
			     : "=a"(res), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
			     : [stub] "r"(stub)
			     : "rcx", "r11", "memory");
	return res;
}

/* ------------------------------------------------------------------ */
/* Console and version                                                 */

/* CONSOLEIO_write / CONSOLEIO_read. Writes from a domU reach Xen's console
 * only on a debug (CONFIG_VERBOSE_DEBUG) hypervisor; dom0's always do. */
static inline long HYPERVISOR_console_io(int cmd, unsigned int count, char *buf)
{
	return _hypercall3(__HYPERVISOR_console_io, cmd, count, buf);
}

static inline long xen_console_write(const char *s, unsigned int len)
{
	return HYPERVISOR_console_io(CONSOLEIO_write, len, (char *)s);
}

/* XENVER_version returns (major << 16) | minor; the others fill *arg. */
static inline long HYPERVISOR_xen_version(int cmd, void *arg)
{
	return _hypercall2(__HYPERVISOR_xen_version, cmd, arg);
}

/* ------------------------------------------------------------------ */
/* CPU state: traps, callbacks, stacks, segments, FPU                   */

/* The guest's IDT: an array ended by an entry whose address is 0. Each
 * flags field holds the DPL in bits 0-1 and, in bit 2, "mask events on
 * entry" (an interrupt gate). NULL drops the whole table. */
static inline long HYPERVISOR_set_trap_table(const struct trap_info *table)
{
	return _hypercall1(__HYPERVISOR_set_trap_table, table);
}

static inline long HYPERVISOR_callback_op(int cmd, const void *arg)
{
	return _hypercall2(__HYPERVISOR_callback_op, cmd, arg);
}

/* CALLBACKTYPE_*; flags CALLBACKF_mask_events masks event delivery on
 * entry (honoured for failsafe, syscall, syscall32 and sysenter; the event
 * callback is always entered with events masked). */
static inline long xen_register_callback(unsigned int type, unsigned long address,
					 unsigned int flags)
{
	struct callback_register cb = {
		.type = (uint16_t)type,
		.flags = (uint16_t)flags,
		.address = address,
	};

	return HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
}

/*
 * The three callbacks of a 64-bit PV kernel, registered through callback_op
 * (the old set_callbacks hypercall cannot ask for masked events and ignores
 * errors). The failsafe and syscall callbacks are entered with events
 * masked, like interrupt gates; a zero syscall address leaves it unset.
 */
static inline long HYPERVISOR_set_callbacks(unsigned long event, unsigned long failsafe,
					    unsigned long syscall)
{
	long rc;

	rc = xen_register_callback(CALLBACKTYPE_event, event, 0);
	if (rc == 0)
		rc = xen_register_callback(CALLBACKTYPE_failsafe, failsafe,
					   CALLBACKF_mask_events);
	if (rc == 0 && syscall)
		rc = xen_register_callback(CALLBACKTYPE_syscall, syscall,
					   CALLBACKF_mask_events);
	return rc;
}

/* The kernel stack Xen switches to on a trap or event from user mode.
 * A 64-bit guest's frames use only sp; pass FLAT_KERNEL_SS as ss. */
static inline long HYPERVISOR_stack_switch(unsigned long ss, unsigned long sp)
{
	return _hypercall2(__HYPERVISOR_stack_switch, ss, sp);
}

/* which: SEGBASE_FS, SEGBASE_GS_USER, SEGBASE_GS_KERNEL, SEGBASE_GS_USER_SEL. */
static inline long HYPERVISOR_set_segment_base(unsigned int which, unsigned long base)
{
	return _hypercall2(__HYPERVISOR_set_segment_base, which, base);
}

/* set != 0 sets CR0.TS (the next FPU use traps with #NM); 0 clears it. */
static inline long HYPERVISOR_fpu_taskswitch(int set)
{
	return _hypercall1(__HYPERVISOR_fpu_taskswitch, set);
}

/* frames: machine frame numbers of the GDT pages, which the guest must map
 * only read-only; entries: the number of 8-byte descriptors, at most
 * FIRST_RESERVED_GDT_ENTRY (Xen's own descriptors follow). */
static inline long HYPERVISOR_set_gdt(const xen_pfn_t *frames, unsigned int entries)
{
	return _hypercall2(__HYPERVISOR_set_gdt, frames, entries);
}

/* maddr: the machine address of the descriptor to change. */
static inline long HYPERVISOR_update_descriptor(uint64_t maddr, uint64_t desc)
{
	return _hypercall2(__HYPERVISOR_update_descriptor, maddr, desc);
}

/*
 * Returns to a saved context; never returns here. frame is the whole
 * struct iret_context (rax, r11, rcx, flags, rip, cs, rflags, rsp, ss):
 * the last six are pushed and rax, r11 and rcx loaded, which is the stack
 * and register state the iret stub in the hypercall page expects. frame
 * must not lie below the current stack pointer.
 */
_Static_assert(offsetof(struct iret_context, rax) == 0 &&
		       offsetof(struct iret_context, r11) == 8 &&
		       offsetof(struct iret_context, rcx) == 16 &&
		       offsetof(struct iret_context, flags) == 24 &&
		       offsetof(struct iret_context, rip) == 32 &&
		       offsetof(struct iret_context, cs) == 40 &&
		       offsetof(struct iret_context, rflags) == 48 &&
		       offsetof(struct iret_context, rsp) == 56 &&
		       /* clang-format off */
	       offsetof(struct iret_context, ss) == 64, "struct iret_context layout");
/* clang-format on */

static inline __attribute__((noreturn)) void HYPERVISOR_iret(const struct iret_context *frame)
{
	__asm__ __volatile__(
		"pushq 64(%[f])\n\t" /* ss */
		"pushq 56(%[f])\n\t" /* rsp */
		"pushq 48(%[f])\n\t" /* rflags */
		"pushq 40(%[f])\n\t" /* cs */
		"pushq 32(%[f])\n\t" /* rip */
		"pushq 24(%[f])\n\t" /* flags: VGCF_in_syscall or 0 */
		"movq 16(%[f]), %%rcx\n\t"
		"movq 8(%[f]), %%r11\n\t"
		"movq 0(%[f]), %%rax\n\t"
		"jmp hypercall_page + %c[off]"
		:
		: [f] "D"(frame), [off] "i"(__HYPERVISOR_iret * XEN_HYPERCALL_ENTRY_SIZE)
		: "memory");
	__builtin_unreachable();
}

/* ------------------------------------------------------------------ */
/* Memory management                                                    */

/* Each request: ptr = machine address of the entry | MMU_NORMAL_PT_UPDATE
 * (or MMU_MACHPHYS_UPDATE, MMU_PT_UPDATE_PRESERVE_AD), val = the new entry.
 * done (may be NULL) receives how many were applied. */
static inline long HYPERVISOR_mmu_update(const struct mmu_update *req, unsigned int count,
					 unsigned int *done, domid_t foreigndom)
{
	return _hypercall4(__HYPERVISOR_mmu_update, req, count, done, foreigndom);
}

/* MMUEXT_PIN_L*_TABLE, MMUEXT_NEW_BASEPTR, MMUEXT_NEW_USER_BASEPTR,
 * MMUEXT_TLB_FLUSH_*, MMUEXT_INVLPG_*, MMUEXT_SET_LDT, ... */
static inline long HYPERVISOR_mmuext_op(const struct mmuext_op *op, unsigned int count,
					unsigned int *done, domid_t foreigndom)
{
	return _hypercall4(__HYPERVISOR_mmuext_op, op, count, done, foreigndom);
}

/* Rewrites the L1 entry that maps va in the current page tables.
 * flags: UVMF_NONE / UVMF_TLB_FLUSH / UVMF_INVLPG, | UVMF_LOCAL / UVMF_ALL. */
static inline long HYPERVISOR_update_va_mapping(unsigned long va, uint64_t pte,
						unsigned long flags)
{
	return _hypercall3(__HYPERVISOR_update_va_mapping, va, pte, flags);
}

/* VMASST_CMD_enable/disable with VMASST_TYPE_*. */
static inline long HYPERVISOR_vm_assist(unsigned int cmd, unsigned int type)
{
	return _hypercall2(__HYPERVISOR_vm_assist, cmd, type);
}

/* XENMEM_*: reservations, memory map, add_to_physmap, ... */
static inline long HYPERVISOR_memory_op(unsigned long cmd, void *arg)
{
	return _hypercall2(__HYPERVISOR_memory_op, cmd, arg);
}

/* GNTTABOP_*; uop points at count operation structures. */
static inline long HYPERVISOR_grant_table_op(unsigned int cmd, void *uop, unsigned int count)
{
	return _hypercall3(__HYPERVISOR_grant_table_op, cmd, uop, count);
}

/* ------------------------------------------------------------------ */
/* Scheduling, time, vCPUs                                              */

static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{
	return _hypercall2(__HYPERVISOR_sched_op, cmd, arg);
}

static inline long xen_sched_yield(void)
{
	return HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

/* Unmasks event delivery for this vCPU and sleeps unless an event is
 * already pending, so "mask; check for work; block" loses no wake-up. */
static inline long xen_sched_block(void)
{
	return HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

/* reason: SHUTDOWN_poweroff, SHUTDOWN_reboot, SHUTDOWN_crash, ... */
static inline long xen_sched_shutdown(unsigned int reason)
{
	struct sched_shutdown arg = { .reason = reason };

	return HYPERVISOR_sched_op(SCHEDOP_shutdown, &arg);
}

/* One-shot timer at the absolute system time timeout (ns, the clock in
 * vcpu_time_info); 0 cancels. On 64-bit the time is one argument. */
static inline long HYPERVISOR_set_timer_op(uint64_t timeout)
{
	return _hypercall1(__HYPERVISOR_set_timer_op, timeout);
}

/* VCPUOP_*: up/down, register_vcpu_info, set_singleshot_timer, ... */
static inline long HYPERVISOR_vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
	return _hypercall3(__HYPERVISOR_vcpu_op, cmd, vcpu, arg);
}

/* ------------------------------------------------------------------ */
/* Events, devices, batching                                            */

/* EVTCHNOP_*: bind_virq, bind_ipi, alloc_unbound, send, unmask, close, ... */
static inline long HYPERVISOR_event_channel_op(int cmd, void *arg)
{
	return _hypercall2(__HYPERVISOR_event_channel_op, cmd, arg);
}

/* PHYSDEVOP_*: set_iopl, set_iobitmap, map_pirq, eoi, ... */
static inline long HYPERVISOR_physdev_op(int cmd, void *arg)
{
	return _hypercall2(__HYPERVISOR_physdev_op, cmd, arg);
}

/* Runs each entry's op with its args and stores each result in the entry.
 * A debug Xen poisons the args it consumed: refill them before reuse. */
static inline long HYPERVISOR_multicall(struct multicall_entry *calls, unsigned int nr)
{
	return _hypercall2(__HYPERVISOR_multicall, calls, nr);
}

/* HVMOP_*: for PVH, e.g. HVMOP_get_param for the store and console. */
static inline long HYPERVISOR_hvm_op(unsigned long op, void *arg)
{
	return _hypercall2(__HYPERVISOR_hvm_op, op, arg);
}

/* dom0's requests about the machine itself (platform.h): sets the interface version. */
static inline long HYPERVISOR_platform_op(struct xen_platform_op *op)
{
	op->interface_version = XENPF_INTERFACE_VERSION;
	return _hypercall1(__HYPERVISOR_platform_op, op);
}

#endif /* !__ASSEMBLY__ */

#endif
