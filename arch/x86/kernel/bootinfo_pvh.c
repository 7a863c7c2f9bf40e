/* Fills struct boot_info from the Xen/QEMU PVH entry's hvm_start_info. */
#include <kernel/bootinfo.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/string.h>
#include <kernel/types.h>
#include <xen/arch-x86/hvm/start_info.h>

#define PHYS_PAGE 4096ULL
#define U64_MAX	  (~0ULL)

/* Version 0 of the structure ends where the memory map fields begin. */
#define START_INFO_V0_SIZE \
	__builtin_offsetof(struct hvm_start_info, memmap_paddr)

static void set_err(const char **err, const char *msg)
{
	if (err)
		*err = msg;
}

/* Element idx of an array at base; NULL if it would wrap the address space. */
static const void *read_elem(boot_phys_reader read, u64 base, u64 idx,
			     u64 size)
{
	if (idx + 1 > (U64_MAX - base) / size)
		return NULL;
	return read(base + idx * size, size);
}

/*
 * Copies the NUL-terminated string at pa into dst[size]. Its length is not
 * known in advance, so it is read a page piece at a time: asking for more
 * could run into memory the reader refuses although the string is fine.
 * Returns 0, 1 when the string was truncated to size - 1, or -EFAULT.
 */
static int read_phys_string(boot_phys_reader read, u64 pa, char *dst,
			    size_t size)
{
	size_t n = 0;

	while (n < size) {
		u64 chunk = PHYS_PAGE - (pa & (PHYS_PAGE - 1));
		const char *s;

		if (chunk > size - n)
			chunk = size - n;
		s = read(pa, chunk);
		if (!s)
			goto fault;
		for (u64 i = 0; i < chunk; i++, n++) {
			if (s[i] == '\0') {
				dst[n] = '\0';
				return 0;
			}
			if (n < size - 1)
				dst[n] = s[i];
		}
		if (n < size && chunk > U64_MAX - pa)
			goto fault;
		pa += chunk;
	}
	dst[size - 1] = '\0';
	return 1;

fault:
	dst[n < size ? n : size - 1] = '\0';
	return -EFAULT;
}

static u32 pvh_mem_type(u32 type)
{
	switch (type) {
	case XEN_HVM_MEMMAP_TYPE_RAM:
		return BOOT_MEM_USABLE;
	case XEN_HVM_MEMMAP_TYPE_ACPI:
		return BOOT_MEM_ACPI;
	case XEN_HVM_MEMMAP_TYPE_NVS:
		return BOOT_MEM_NVS;
	case XEN_HVM_MEMMAP_TYPE_UNUSABLE:
		return BOOT_MEM_BAD;
	default:
		/* Reserved, disabled, persistent memory: never ours to use. */
		return BOOT_MEM_RESERVED;
	}
}

static int pvh_memmap(struct boot_info *bi, const struct hvm_start_info *si,
		      boot_phys_reader read, const char **err)
{
	u32 n = si->memmap_entries;

	if (si->memmap_paddr == 0 || n == 0) {
		bootinfo_warn(bi, "PVH start_info has no memory map");
		return 0;
	}
	if (n > BOOT_MAX_MEMRANGES) {
		bootinfo_warn(bi, "too many PVH memory map entries, extra ones ignored");
		n = BOOT_MAX_MEMRANGES;
	}
	for (u32 i = 0; i < n; i++) {
		struct hvm_memmap_table_entry e;
		const void *p = read_elem(read, si->memmap_paddr, i, sizeof(e));

		if (!p) {
			set_err(err, "cannot read PVH memory map entry");
			return -EFAULT;
		}
		/* Copied: the reader may reuse its window on the next call. */
		memcpy(&e, p, sizeof(e));
		bi->mem[bi->nr_mem].base = e.addr;
		bi->mem[bi->nr_mem].len = e.size;
		bi->mem[bi->nr_mem].type = pvh_mem_type(e.type);
		bi->nr_mem++;
	}
	return 0;
}

static int pvh_modules(struct boot_info *bi, const struct hvm_start_info *si,
		       boot_phys_reader read, const char **err)
{
	u32 n = si->nr_modules;

	if (n > BOOT_MAX_MODULES) {
		bootinfo_warn(bi, "too many boot modules, extra ones ignored");
		n = BOOT_MAX_MODULES;
	}
	for (u32 i = 0; i < n; i++) {
		struct boot_module *m = &bi->modules[bi->nr_modules];
		struct hvm_modlist_entry e;
		const void *p = read_elem(read, si->modlist_paddr, i, sizeof(e));
		int ret;

		if (!p) {
			set_err(err, "cannot read PVH module list entry");
			return -EFAULT;
		}
		memcpy(&e, p, sizeof(e));
		m->base = e.paddr;
		m->len = e.size;
		m->name[0] = '\0';
		if (e.cmdline_paddr) {
			ret = read_phys_string(read, e.cmdline_paddr, m->name,
					       sizeof(m->name));
			if (ret < 0) {
				m->name[0] = '\0';
				bootinfo_warn(bi, "unreadable module command line ignored");
			} else if (ret > 0) {
				bootinfo_warn(bi, "module command line truncated");
			}
		}
		bi->nr_modules++;
	}
	return 0;
}

int bootinfo_parse_pvh(struct boot_info *bi, u64 start_info_pa,
		       boot_phys_reader read, const char **err)
{
	struct hvm_start_info si;
	const void *p;
	int ret;

	memset(bi, 0, sizeof(*bi));
	memset(&si, 0, sizeof(si));
	bi->loader = "pvh";
	set_err(err, NULL);

	/* Only the version 0 part is known to exist until version is read. */
	p = read(start_info_pa, START_INFO_V0_SIZE);
	if (!p) {
		set_err(err, "cannot read PVH start_info");
		return -EFAULT;
	}
	memcpy(&si, p, START_INFO_V0_SIZE);
	if (si.magic != XEN_HVM_START_MAGIC_VALUE) {
		set_err(err, "bad PVH start_info magic");
		return -EINVAL;
	}
	if (si.version >= 1) {
		p = read(start_info_pa, sizeof(si));
		if (!p) {
			set_err(err, "cannot read PVH start_info memory map fields");
			return -EFAULT;
		}
		memcpy(&si, p, sizeof(si));
	}

	if (si.cmdline_paddr) {
		ret = read_phys_string(read, si.cmdline_paddr, bi->cmdline,
				       sizeof(bi->cmdline));
		if (ret < 0) {
			set_err(err, "cannot read PVH command line");
			return ret;
		}
		if (ret > 0)
			bootinfo_warn(bi, "command line truncated");
	}

	if (si.version >= 1) {
		ret = pvh_memmap(bi, &si, read, err);
		if (ret < 0)
			return ret;
	} else {
		bootinfo_warn(bi, "PVH start_info version 0 has no memory map");
	}

	ret = pvh_modules(bi, &si, read, err);
	if (ret < 0)
		return ret;

	bi->acpi_rsdp = si.rsdp_paddr;
	return 0;
}
