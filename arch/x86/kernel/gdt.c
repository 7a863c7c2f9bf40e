/*
 * The final GDT and the TSS. The TSS supplies the ring-0 stack for entries
 * from user space and separate stacks (IST) for double faults and NMIs, so
 * those handlers run even when the interrupted stack is unusable.
 */
#include <asm/boot.h>
#include <asm/desc.h>
#include <asm/paravirt.h>
#include <kernel/string.h>

_Static_assert(__builtin_offsetof(struct tss, rsp) == 4, "native_load_sp0 writes offset 4");

#define IST_STACK_SIZE 8192

/* Global for native_load_sp0 (native_ops.S), which writes rsp[0]. */
struct tss cpu_tss __aligned(16);
static u8 ist_stacks[2][IST_STACK_SIZE] __aligned(16);

/* Order fixed by syscall/sysret: user data sits right below user code. */
static u64 gdt[7] __aligned(16) = {
	0,
	0x00af9a000000ffff, /* KERNEL_CS */
	0x00cf92000000ffff, /* KERNEL_DS */
	0x00cff2000000ffff, /* USER_DS */
	0x00affa000000ffff, /* USER_CS */
	0, 0,		    /* TSS, two slots */
};

void gdt_init(void)
{
	u64 base = (u64)&cpu_tss, limit = sizeof(cpu_tss) - 1;
	struct desc_ptr d = { sizeof(gdt) - 1, (u64)gdt };

	cpu_tss.ist[IST_DOUBLE_FAULT - 1] = (u64)ist_stacks[0] + IST_STACK_SIZE;
	cpu_tss.ist[IST_NMI - 1] = (u64)ist_stacks[1] + IST_STACK_SIZE;
	cpu_tss.iomap_base = sizeof(cpu_tss); /* no I/O bitmap */

	/* 64-bit available TSS descriptor: type 9, present. */
	gdt[5] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ULL << 40) |
		 (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	gdt[6] = base >> 32;

	load_gdt(&d);
	/* Reload the segment registers so nothing still refers to the early GDT. */
	__asm__ __volatile__("pushq %0\n\t"
			     "leaq 1f(%%rip), %%rax\n\t"
			     "pushq %%rax\n\t"
			     "lretq\n"
			     "1:\n\t"
			     "movl %1, %%eax\n\t"
			     "movl %%eax, %%ds\n\t"
			     "movl %%eax, %%es\n\t"
			     "movl %%eax, %%ss\n\t"
			     "xorl %%eax, %%eax\n\t"
			     "movl %%eax, %%fs\n\t"
			     /* clang-format off */
			     "movl %%eax, %%gs\n\t"
			     :: "i"(KERNEL_CS), "i"(KERNEL_DS) : "rax", "memory");
	/* clang-format on */
	load_tr(TSS_SEL);
}
