/*
 * The Xen PV start_info as a boot description. A PV guest's "physical"
 * memory is its list of pseudo-physical frames 0 .. nr_pages - 1; Xen
 * loads the kernel at its paddr and builds, right after it, the initrd
 * (unless placed by PFN), the p2m list, start_info and the bootstrap page
 * tables, all mapped from VIRT_BASE. Those must survive, so they are
 * described as loader data to keep.
 */
#include <asm/page.h>
#include <kernel/errno.h>
#include <kernel/string.h>

#include "xen-ops.h"

/* After its page tables Xen puts one page of stack; at least 512 KiB more stays mapped and free. */
#define XEN_BOOTSTRAP_STACK PAGE_SIZE

int bootinfo_parse_xen_pv(struct boot_info *bi, const struct start_info *si, u64 virt_base,
			  u64 kernel_start_pa, const char **err)
{
	u64 mem_end, boot_end, mod_base;
	size_t n;

	memset(bi, 0, sizeof(*bi));
	bi->loader = "xen-pv";
	if (strncmp(si->magic, "xen-3.0-x86_64", 14)) {
		*err = "start_info magic is not xen-3.0-x86_64";
		return -EINVAL;
	}
	n = strnlen((const char *)si->cmd_line, MAX_GUEST_CMDLINE);
	if (n == MAX_GUEST_CMDLINE)
		bootinfo_warn(bi, "command line not terminated; truncated");
	n = MIN(n, (size_t)BOOT_CMDLINE_MAX - 1);
	memcpy(bi->cmdline, si->cmd_line, n);
	bi->cmdline[n] = '\0';
	snprintf(bi->loader_name, sizeof(bi->loader_name), "%.31s%s", si->magic,
		 (si->flags & SIF_INITDOMAIN) ? ", dom0" : ", domU");

	if (!si->nr_pages) {
		*err = "start_info gives no usable number of pages";
		return -EINVAL;
	}
	mem_end = MIN(si->nr_pages, XEN_PV_MAX_PFNS) << PAGE_SHIFT;
	if (si->nr_pages > XEN_PV_MAX_PFNS)
		bootinfo_warn(bi, "the domain has more than 4 GiB; this PV kernel uses the first 4 GiB, the rest stays idle");
	_Static_assert((XEN_PV_MAX_PFNS << PAGE_SHIFT) <= DIRECT_MAP_MAX, "the direct map must hold a PV domain");
	if (si->pt_base < virt_base || si->mfn_list < virt_base) {
		*err = "start_info's bootstrap addresses lie below VIRT_BASE";
		return -EINVAL;
	}
	boot_end = si->pt_base - virt_base + (si->nr_pt_frames << PAGE_SHIFT) + XEN_BOOTSTRAP_STACK;
	if (boot_end > mem_end || boot_end <= kernel_start_pa) {
		*err = "start_info's bootstrap area lies outside the domain's memory";
		return -EINVAL;
	}
	bi->mem[0].base = 0;
	bi->mem[0].len = mem_end;
	bi->mem[0].type = BOOT_MEM_USABLE;
	bi->nr_mem = 1;
	bi->keep_base = kernel_start_pa;
	bi->keep_len = boot_end - kernel_start_pa;

	if (si->mod_start && si->mod_len) {
		mod_base = (si->flags & SIF_MOD_START_PFN) ? si->mod_start << PAGE_SHIFT :
							     si->mod_start - virt_base;
		if (mod_base + si->mod_len > mem_end || mod_base + si->mod_len < mod_base) {
			bootinfo_warn(bi, "initrd lies outside the domain's memory; ignored");
		} else {
			bi->modules[0].base = mod_base;
			bi->modules[0].len = si->mod_len;
			strlcpy(bi->modules[0].name, "initrd", sizeof(bi->modules[0].name));
			bi->nr_modules = 1;
		}
	}
	*err = NULL;
	return 0;
}
