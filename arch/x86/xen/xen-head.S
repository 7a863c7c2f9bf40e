/*
 * Xen PV boot: the ELF notes that let Xen (dom0) or the toolstack (domU)
 * load this image as a 64-bit PV guest, the hypercall page, and the PV
 * entry point.
 *
 * How the loader reads the notes (Xen's libelf): the image is mapped
 * from VIRT_BASE, pseudo-physical frame 0 at VIRT_BASE, and each segment
 * at p_paddr - PADDR_OFFSET + VIRT_BASE. With PADDR_OFFSET 0 and the
 * linker script's p_paddr = p_vaddr - 0xffffffff80000000 that is exactly
 * p_vaddr. ENTRY and HYPERCALL_PAGE are virtual addresses.
 *
 * The PVH entry (XEN_ELFNOTE_PHYS32_ENTRY) stays in arch/x86/boot/head.S;
 * a PV loader ignores it, and a PVH loader ignores ENTRY.
 */
#include <asm/xen/hypercall.h>
#include <kernel/version.h>

/* Where the image is linked: kernel.lds.S's KERNEL_VIRT_BASE. */
#define XEN_PV_VIRT_BASE	0xffffffff80000000

/*
 * One ELF note named "Xen" of the given type. desc is the descriptor's
 * directive: .asciz for strings, .quad for addresses and 64-bit numbers,
 * .long for 32-bit ones. Name and descriptor are padded to 4 bytes.
 */
#define XEN_NOTE(type, desc)			\
	.pushsection .note.Xen, "a";		\
	.balign 4;				\
	.long 2f - 1f;				\
	.long 4f - 3f;				\
	.long type;				\
1:	.asciz "Xen";				\
2:	.balign 4;				\
3:	desc;					\
4:	.balign 4;				\
	.popsection

	/* Identification: Xen loads only LOADER "generic" (or GUEST_OS
	 * "linux") images built for XEN_VERSION "xen-3.0". */
	XEN_NOTE(XEN_ELFNOTE_GUEST_OS, .asciz KERNEL_NAME)
	XEN_NOTE(XEN_ELFNOTE_GUEST_VERSION, .asciz KERNEL_VERSION)
	XEN_NOTE(XEN_ELFNOTE_XEN_VERSION, .asciz "xen-3.0")
	XEN_NOTE(XEN_ELFNOTE_LOADER, .asciz "generic")

	/* Layout. */
	XEN_NOTE(XEN_ELFNOTE_VIRT_BASE, .quad XEN_PV_VIRT_BASE)
	XEN_NOTE(XEN_ELFNOTE_PADDR_OFFSET, .quad 0)
	XEN_NOTE(XEN_ELFNOTE_ENTRY, .quad xen_pv_entry)
	XEN_NOTE(XEN_ELFNOTE_HYPERCALL_PAGE, .quad hypercall_page)

	/* Makes the start_info magic "xen-3.0-x86_64p"; no other effect on
	 * a 64-bit guest. */
	XEN_NOTE(XEN_ELFNOTE_PAE_MODE, .asciz "yes")

	/*
	 * Features: Xen 4.17 refuses a PV dom0 whose SUPPORTED_FEATURES lacks
	 * XENFEAT_dom0; nothing else here is looked at for a 64-bit PV guest.
	 * Not listed, on purpose: writable_page_tables (page tables are
	 * changed with mmu_update; Xen's emulation of direct writes is the
	 * separate VMASST_TYPE_writable_pagetables), writable_descriptor_tables
	 * (PV descriptor tables stay read-only, changed by update_descriptor),
	 * auto_translated_physmap (would make the domU builder treat the guest
	 * as translated), supervisor_mode_kernel (Xen panics), and
	 * pae_pgdir_above_4gb (32-bit PAE only). Hence no FEATURES string
	 * note, and no BSD_SYMTAB note (no symbol table is wanted).
	 */
	XEN_NOTE(XEN_ELFNOTE_SUPPORTED_FEATURES, .long (1 << XENFEAT_dom0))

/* The hypercall page it names is in hypercall_page.S, shared with PVH. */

/*
 * 64-bit PV entry. Xen starts the guest in long mode, kernel in ring 3,
 * on the initial page tables it built, with %rsi = start_info (virtual),
 * %rsp = the top of a one-page stack after those page tables, event
 * delivery masked in every vcpu_info, and no trap table or callbacks.
 * The loader already zeroed .bss; it is cleared again so that nothing
 * depends on how the image was loaded. hlt is privileged here, so a
 * return from xen_pv_start() asks Xen to crash the domain instead.
 */
	.text
	.globl xen_pv_entry
	.type xen_pv_entry, @function
xen_pv_entry:
	cld
	movq $__bss_start, %rdi			/* %rsi survives rep stosb */
	movq $__bss_end, %rcx
	subq %rdi, %rcx
	xorl %eax, %eax
	rep stosb
	movq $boot_stack_top, %rsp		/* in .bss: set after the clearing */
	xorl %ebp, %ebp
	movq %rsi, %rdi
	call xen_pv_start

1:	movl $XEN_ASM_SCHEDOP_shutdown, %edi
	leaq xen_pv_crash_reason(%rip), %rsi
	call hypercall_page + __HYPERVISOR_sched_op * XEN_HYPERCALL_ENTRY_SIZE
	pause
	jmp 1b
	.size xen_pv_entry, . - xen_pv_entry

	.section .rodata
	.balign 4
xen_pv_crash_reason:				/* struct sched_shutdown */
	.long XEN_ASM_SHUTDOWN_crash
