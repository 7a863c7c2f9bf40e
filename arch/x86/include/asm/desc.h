/* GDT, TSS and IDT set-up (gdt.c, traps.c). */
#ifndef ASM_DESC_H
#define ASM_DESC_H

#include <kernel/types.h>

#define IST_DOUBLE_FAULT	1
#define IST_NMI			2

void gdt_init(void);
void idt_init(void);
/* The stack the CPU switches to on entry from ring 3. */
void native_load_sp0(unsigned long sp0);

#endif
