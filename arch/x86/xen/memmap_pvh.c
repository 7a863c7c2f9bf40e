/*
 * A PVH dom0's memory map. Xen 4.17 starts dom0 with a version-0
 * hvm_start_info, which has no memory map (a domU built by the toolstack
 * gets version 1 with one). dom0 asks with XENMEM_memory_map instead and
 * gets E820 entries: the host's map with dom0's RAM where Xen placed it,
 * and the ACPI tables Xen wrote for dom0. This turns them into boot_info
 * ranges; enlighten_pvh.c makes the hypercall.
 */
#include <kernel/errno.h>
#include <kernel/string.h>

#include "xen-ops.h"

/*
 * bootinfo_pvh.c warns about a version-0 start_info; the map is found
 * after all (the unit test ties the two strings together).
 */
static void drop_memmap_warning(struct boot_info *bi)
{
	u32 n = 0;

	for (u32 i = 0; i < bi->nr_warnings; i++)
		if (strcmp(bi->warnings[i], "PVH start_info version 0 has no memory map"))
			bi->warnings[n++] = bi->warnings[i];
	bi->nr_warnings = n;
}

static u32 e820_type(u32 type)
{
	switch (type) {
	case 1:
		return BOOT_MEM_USABLE;
	case 3:
		return BOOT_MEM_ACPI;
	case 4:
		return BOOT_MEM_NVS;
	case 5:
		return BOOT_MEM_BAD;
	default:
		return BOOT_MEM_RESERVED; /* 2 and anything unknown: not ours */
	}
}

int xen_pvh_memmap_parse(struct boot_info *bi, const struct xen_e820_entry *e, u32 n)
{
	u32 usable = 0;

	if (n > BOOT_MAX_MEMRANGES) {
		bootinfo_warn(bi, "too many entries in Xen's memory map, extra ones ignored");
		n = BOOT_MAX_MEMRANGES;
	}
	bi->nr_mem = 0;
	for (u32 i = 0; i < n; i++) {
		struct xen_e820_entry x;

		memcpy(&x, &e[i], sizeof(x)); /* packed: no unaligned loads */
		if (x.size == 0)
			continue;
		bi->mem[bi->nr_mem].base = x.addr;
		bi->mem[bi->nr_mem].len = x.size;
		bi->mem[bi->nr_mem].type = e820_type(x.type);
		if (bi->mem[bi->nr_mem].type == BOOT_MEM_USABLE)
			usable++;
		bi->nr_mem++;
	}
	if (!usable)
		return -ENOENT;
	drop_memmap_warning(bi);
	return 0;
}
