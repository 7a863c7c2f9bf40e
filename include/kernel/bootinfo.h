/*
 * The one description of how we were booted. Each entry (PVH, multiboot2,
 * later Xen PV) fills it from its loader's format; start_kernel() reads only
 * this.
 */
#ifndef KERNEL_BOOTINFO_H
#define KERNEL_BOOTINFO_H

#include <kernel/types.h>

#define BOOT_MAX_MEMRANGES 128
#define BOOT_MAX_MODULES   8
#define BOOT_CMDLINE_MAX   1024
#define BOOT_MODNAME_MAX   64

enum boot_mem_type {
	BOOT_MEM_USABLE = 1,
	BOOT_MEM_RESERVED = 2,
	BOOT_MEM_ACPI = 3, /* ACPI tables, reclaimable after parsing */
	BOOT_MEM_NVS = 4,
	BOOT_MEM_BAD = 5,
};

struct boot_memrange {
	u64 base;
	u64 len;
	u32 type; /* enum boot_mem_type */
};

struct boot_module {
	u64 base; /* physical */
	u64 len;
	char name[BOOT_MODNAME_MAX]; /* the module's command line, maybe "" */
};

struct boot_info {
	const char *loader;   /* "pvh", "multiboot2", ... */
	char loader_name[64]; /* what the loader says it is, maybe "" */
	char cmdline[BOOT_CMDLINE_MAX];
	u32 nr_mem;
	struct boot_memrange mem[BOOT_MAX_MEMRANGES];
	u32 nr_modules;
	struct boot_module modules[BOOT_MAX_MODULES];
	u64 acpi_rsdp; /* physical address of the RSDP, 0 if not given */
	/* Loader data read after boot (the RSDP copy inside multiboot2 info): kept reserved. */
	u64 keep_base, keep_len;
	/*
	 * Problems found while parsing that did not stop it (truncated
	 * command line, too many ranges, ...), for start_kernel() to report
	 * once the console is up. Static strings only.
	 */
	u32 nr_warnings;
	const char *warnings[8];
};

/*
 * Reads loader structures at physical addresses. Returns a pointer to
 * [pa, pa + len), or NULL when that range cannot be read.
 */
typedef const void *(*boot_phys_reader)(u64 pa, u64 len);

/*
 * Parsers: 0 on success, or a negative errno when the structure is unusable
 * (bad magic, truncated); then *err names the problem.
 */
int bootinfo_parse_pvh(struct boot_info *bi, u64 start_info_pa,
		       boot_phys_reader read, const char **err);
int bootinfo_parse_mb2(struct boot_info *bi, u64 mbi_pa,
		       boot_phys_reader read, const char **err);

/*
 * Sorts the memory map by base, merges adjacent ranges of the same type,
 * and resolves overlaps in favour of the more restrictive type (anything
 * beats USABLE). Usable ranges are trimmed inward to 4 KiB pages.
 */
void bootinfo_sanitize_memmap(struct boot_info *bi);

/* Sum of usable bytes after sanitizing. */
u64 bootinfo_usable_bytes(const struct boot_info *bi);

void bootinfo_warn(struct boot_info *bi, const char *msg);

/*
 * Called by every entry once its parser has run, before the backend is
 * chosen: applies the built-in command line when the loader gave none.
 */
void bootinfo_finish(struct boot_info *bi);

#endif
