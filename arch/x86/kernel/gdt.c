/*
 * The final GDT and the TSS. The TSS supplies the ring-0 stack for entries
 * from user space and separate stacks (IST) for double faults and NMIs, so
 * a kernel stack overflow still reaches a handler that can report it.
 */
#include <asm/boot.h>
#include <asm/desc.h>
#include <asm/paravirt.h>
#include <kernel/string.h>

struct tss {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __packed;

#define IST_STACK_SIZE 8192

static struct tss tss __aligned(16);
static u8 ist_stacks[2][IST_STACK_SIZE] __aligned(16);

/* Order fixed by syscall/sysret: user data sits right below user code. */
static u64 gdt[7] __aligned(16) = {
	0,
	0x00af9a000000ffff,	/* KERNEL_CS */
	0x00cf92000000ffff,	/* KERNEL_DS */
	0x00cff2000000ffff,	/* USER_DS */
	0x00affa000000ffff,	/* USER_CS */
	0, 0,			/* TSS, two slots */
};

void native_load_sp0(unsigned long sp0)
{
	tss.rsp[0] = sp0;
}

void gdt_init(void)
{
	u64 base = (u64)&tss, limit = sizeof(tss) - 1;
	struct desc_ptr d = { sizeof(gdt) - 1, (u64)gdt };

	tss.ist[IST_DOUBLE_FAULT - 1] = (u64)ist_stacks[0] + IST_STACK_SIZE;
	tss.ist[IST_NMI - 1] = (u64)ist_stacks[1] + IST_STACK_SIZE;
	tss.iomap_base = sizeof(tss);	/* no I/O bitmap */

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
			     "movl %%eax, %%gs\n\t"
			     :: "i"(KERNEL_CS), "i"(KERNEL_DS) : "rax", "memory");
	load_tr(TSS_SEL);
}
