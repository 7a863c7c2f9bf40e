/*
 * Kernel image layout: linked at KERNEL_VIRT_BASE + 1 MiB, loaded at
 * physical 1 MiB. Text, read-only data and data are separate segments so
 * the page tables can make text read-only and everything else no-execute.
 */
#define KERNEL_VIRT_BASE 0xffffffff80000000
#define LOAD_PHYS 0x100000

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(pvh_entry)

PHDRS
{
	text PT_LOAD FLAGS(5);
	rodata PT_LOAD FLAGS(4);
	data PT_LOAD FLAGS(6);
	note PT_NOTE FLAGS(4);
}

SECTIONS
{
	. = KERNEL_VIRT_BASE + LOAD_PHYS;
	_text = .;
	.text : AT(ADDR(.text) - KERNEL_VIRT_BASE) {
		/* The multiboot2 header must lie in the file's first 32 KiB. */
		KEEP(*(.multiboot2))
		*(.head.text)
		*(.text .text.*)
		*(.init.text)
	} :text
	_etext = .;

	. = ALIGN(4096);
	_rodata = .;
	.rodata : AT(ADDR(.rodata) - KERNEL_VIRT_BASE) {
		*(.rodata .rodata.*)
		. = ALIGN(8);
		__pv_sites_start = .;
		KEEP(*(.pv_sites))
		__pv_sites_end = .;
		. = ALIGN(8);
		__pv_inline_start = .;
		KEEP(*(.pv_inline))
		__pv_inline_end = .;
		. = ALIGN(8);
		__start_kparams = .;
		KEEP(*(kparams))
		__stop_kparams = .;
		. = ALIGN(8);
		__start_selftests = .;
		KEEP(*(selftests))
		__stop_selftests = .;
		. = ALIGN(8);
		__start___ex_table = .;
		KEEP(*(__ex_table))
		__stop___ex_table = .;
		. = ALIGN(8);
		__start_syscalls = .;
		KEEP(*(syscalls))
		__stop_syscalls = .;
		. = ALIGN(8);
		__start_hypervisors = .;
		KEEP(*(hypervisors))
		__stop_hypervisors = .;
		. = ALIGN(8);
		__start_initcalls = .;
		KEEP(*(initcalls))
		__stop_initcalls = .;
		. = ALIGN(8);
		__start_xenbus_drivers = .;
		KEEP(*(xenbus_drivers))
		__stop_xenbus_drivers = .;
		/* Last of rodata: its size differs between the two links, and no text may move. */
		. = ALIGN(8);
		KEEP(*(.rodata.kallsyms))
	} :rodata
	.notes : AT(ADDR(.notes) - KERNEL_VIRT_BASE) {
		KEEP(*(.note.Xen))
	} :rodata :note
	_erodata = .;

	. = ALIGN(4096);
	_data = .;
	.data : AT(ADDR(.data) - KERNEL_VIRT_BASE) {
		*(.page_aligned.data)
		*(.data .data.*)
		*(.init.data)
	} :data
	_edata = .;
	.bss : AT(ADDR(.bss) - KERNEL_VIRT_BASE) {
		__bss_start = .;
		*(.page_aligned.bss)
		*(.bss .bss.*)
		*(COMMON)
		__bss_end = .;
	} :data
	. = ALIGN(4096);
	_end = .;

	/DISCARD/ : {
		*(.eh_frame)
		*(.note.GNU-stack)
		*(.note.gnu.property)
		*(.comment)
	}
}
