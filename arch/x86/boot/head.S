/*
 * Boot entries: PVH (QEMU -kernel, Xen PVH) and multiboot2 (GRUB) both
 * arrive in 32-bit protected mode with paging off. Reach long mode on
 * static page tables, move to the higher half and call x86_64_start().
 */
#include <asm/boot.h>
#include <xen/elfnote.h>

#define KERNEL_VIRT_BASE 0xffffffff80000000
#define PA(x) ((x) - KERNEL_VIRT_BASE)

#define MB2_HEADER_MAGIC 0xe85250d6
#define MB2_HEADER_LEN (mb2_header_end - mb2_header)

	.section .multiboot2, "a"
	.balign 8
mb2_header:
	.long MB2_HEADER_MAGIC
	.long 0					/* architecture: i386 */
	.long MB2_HEADER_LEN
	.long 0x100000000 - (MB2_HEADER_MAGIC + MB2_HEADER_LEN)
	.balign 8				/* entry address tag */
	.short 3, 0
	.long 12
	.long PA(mb2_entry)
	.balign 8				/* page-aligned modules tag */
	.short 6, 0
	.long 8
	.short 0, 0				/* end tag */
	.long 8
mb2_header_end:

	/* The PVH entry point for QEMU and Xen, read from this note. */
	.section .note.Xen, "a"
	.balign 4
	.long 4
	.long 8
	.long XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.balign 4
	.quad PA(pvh_entry)
	.balign 4

	.section .head.text, "ax"
	.code32
	/* PVH: %ebx holds the physical address of struct hvm_start_info. */
	.globl pvh_entry
pvh_entry:
	cli
	cld
	movl $BOOT_KIND_PVH, %edi
	movl %ebx, %esi
	jmp common32

	/* Multiboot2: %eax holds the loader's magic, %ebx the boot information. */
	.globl mb2_entry
mb2_entry:
	cli
	cld
	movl $PA(msg_bad_magic), %esi
	cmpl $MB2_BOOTLOADER_MAGIC, %eax
	jne early_fail32
	movl $BOOT_KIND_MB2, %edi
	movl %ebx, %esi
	jmp common32

common32:
	lgdt PA(early_gdt_desc)
	movl $KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %esi, %ebp				/* cpuid clobbers %ebx..%edx */

	movl $0x80000000, %eax
	cpuid
	movl $PA(msg_no_long_mode), %esi
	cmpl $0x80000001, %eax
	jb early_fail32
	movl $0x80000001, %eax
	cpuid
	btl $29, %edx				/* long mode */
	jnc early_fail32

	movl %cr4, %eax
	orl $(1 << 5), %eax			/* PAE */
	movl %eax, %cr4
	movl $PA(early_pml4), %eax
	movl %eax, %cr3

	/* EFER: long mode, and no-execute when the CPU has it. */
	movl %edx, %ebx
	movl $0xc0000080, %ecx
	rdmsr
	orl $(1 << 8), %eax
	btl $20, %ebx
	jnc 1f
	orl $(1 << 11), %eax
1:	wrmsr

	movl %cr0, %eax
	orl $((1 << 31) | (1 << 16) | 1), %eax	/* paging, write-protect, protected mode */
	movl %eax, %cr0
	ljmp $KERNEL_CS, $PA(long64)

	/* Prints the string at %esi on the debug port and COM1, then stops. */
early_fail32:
	movw $0x3f8, %dx
1:	lodsb
	testb %al, %al
	jz 2f
	outb %al, $0xe9
	outb %al, %dx
	jmp 1b
2:	hlt
	jmp 2b

	.code64
long64:
	movabsq $higher_half, %rax
	jmp *%rax

higher_half:
	movl %edi, %r12d
	movl %ebp, %r13d
	movq $__bss_start, %rdi
	movq $__bss_end, %rcx
	subq %rdi, %rcx
	xorl %eax, %eax
	rep stosb
	movq $boot_stack_top, %rsp
	xorl %ebp, %ebp
	movl %r12d, %edi
	movl %r13d, %esi
	call x86_64_start
1:	hlt
	jmp 1b

	.section .rodata
msg_no_long_mode:
	.asciz "boot: this CPU has no 64-bit long mode; cannot run.\r\n"
msg_bad_magic:
	.asciz "boot: entered through multiboot2 without the multiboot2 magic in %eax.\r\n"

	.balign 16
early_gdt:
	.quad 0
	.quad 0x00af9a000000ffff		/* KERNEL_CS: 64-bit code */
	.quad 0x00cf92000000ffff		/* KERNEL_DS: data */
early_gdt_desc:
	.short early_gdt_desc - early_gdt - 1
	.long PA(early_gdt)

	/*
	 * Early page tables: identity map of the first 4 GiB (boot
	 * information and modules may lie anywhere there) and the first
	 * 1 GiB again at KERNEL_VIRT_BASE, all in 2 MiB pages.
	 */
	.section .page_aligned.data, "aw"
	.balign 4096
	.globl early_pml4
early_pml4:
	.quad PA(early_pdpt_low) + 3
	.fill 510, 8, 0
	.quad PA(early_pdpt_high) + 3
early_pdpt_low:
	.quad PA(early_pd) + 0x0003
	.quad PA(early_pd) + 0x1003
	.quad PA(early_pd) + 0x2003
	.quad PA(early_pd) + 0x3003
	.fill 508, 8, 0
early_pdpt_high:
	.fill 510, 8, 0
	.quad PA(early_pd) + 3
	.quad 0
early_pd:
	i = 0
	.rept 2048
	.quad (i << 21) | 0x83
	i = i + 1
	.endr

	.section .page_aligned.bss, "aw", @nobits
	.balign 4096
	.globl boot_stack, boot_stack_top
boot_stack:
	.skip BOOT_STACK_SIZE
boot_stack_top:
