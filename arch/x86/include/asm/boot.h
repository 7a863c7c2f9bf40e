/* Constants shared by the boot assembly and C. */
#ifndef ASM_BOOT_H
#define ASM_BOOT_H

/* How we were entered: the first argument of x86_64_start(). */
#define BOOT_KIND_PVH 1
#define BOOT_KIND_MB2 2

#define MB2_BOOTLOADER_MAGIC 0x36d76289

/* Segment selectors of the early and the final GDT (they agree). */
#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define USER_DS	  0x1b
#define USER_CS	  0x23
#define TSS_SEL	  0x28

#define BOOT_STACK_SIZE 16384

#ifndef __ASSEMBLY__
#include <kernel/compiler.h>

struct boot_info;

/*
 * What every entry does once its boot description is parsed: the default
 * command line, the pv_ops backend from the probe table, start_kernel().
 */
__noreturn void x86_64_start_kernel(struct boot_info *bi);
#endif

#endif
