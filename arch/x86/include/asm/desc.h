/* GDT, TSS and IDT set-up (gdt.c, traps.c). */
#ifndef ASM_DESC_H
#define ASM_DESC_H

#include <kernel/types.h>

#define IST_DOUBLE_FAULT 1
#define IST_NMI		 2

struct tss {
	u32 reserved0;
	u64 rsp[3]; /* rsp[0]: the stack for entries from ring 3 */
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __attribute__((packed));

extern struct tss cpu_tss;

void gdt_init(void);
void idt_init(void);

#endif
