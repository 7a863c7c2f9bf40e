/* Fills struct boot_info from a Multiboot2 boot information structure. */
#include <kernel/bootinfo.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/string.h>
#include <kernel/types.h>

#define U64_MAX	      (~0ULL)
#define MB2_MAX_TOTAL (1U << 20) /* far above any real loader */

#define MB2_TAG_END	    0
#define MB2_TAG_CMDLINE	    1
#define MB2_TAG_LOADER_NAME 2
#define MB2_TAG_MODULE	    3
#define MB2_TAG_MEMINFO	    4
#define MB2_TAG_MMAP	    6
#define MB2_TAG_ACPI_OLD    14
#define MB2_TAG_ACPI_NEW    15

#define MB2_MEM_AVAILABLE 1
#define MB2_MEM_ACPI	  3
#define MB2_MEM_NVS	  4
#define MB2_MEM_BAD	  5

#define RSDP_V1_SIZE 20 /* the part every RSDP copy has */

struct mb2_info_header {
	u32 total_size;
	u32 reserved;
};

struct mb2_tag {
	u32 type;
	u32 size; /* including this header, excluding padding */
};

struct mb2_tag_module {
	struct mb2_tag tag;
	u32 mod_start;
	u32 mod_end; /* exclusive */
		     /* NUL-terminated string follows */
};

struct mb2_tag_meminfo {
	struct mb2_tag tag;
	u32 mem_lower; /* KiB from 0 */
	u32 mem_upper; /* KiB from 1 MiB */
};

struct mb2_tag_mmap {
	struct mb2_tag tag;
	u32 entry_size;
	u32 entry_version;
	/* entries of entry_size bytes follow */
};

struct mb2_mmap_entry {
	u64 base;
	u64 len;
	u32 type;
	u32 reserved;
};

/* State that only makes sense once every tag has been seen. */
struct mb2_state {
	bool have_mmap;
	bool have_meminfo;
	bool have_new_rsdp;
	u32 mem_lower;
	u32 mem_upper;
};

static void set_err(const char **err, const char *msg)
{
	if (err)
		*err = msg;
}

/*
 * Copies a string stored inside a tag, which a broken loader may leave
 * unterminated. Returns true when it had to be truncated to fit dst.
 */
static bool copy_tag_string(char *dst, size_t size, const u8 *src,
			    size_t srclen)
{
	size_t len = strnlen((const char *)src, srclen);
	bool truncated = false;

	if (len > size - 1) {
		len = size - 1;
		truncated = true;
	}
	memcpy(dst, src, len);
	dst[len] = '\0';
	return truncated;
}

static u32 mb2_mem_type(u32 type)
{
	switch (type) {
	case MB2_MEM_AVAILABLE:
		return BOOT_MEM_USABLE;
	case MB2_MEM_ACPI:
		return BOOT_MEM_ACPI;
	case MB2_MEM_NVS:
		return BOOT_MEM_NVS;
	case MB2_MEM_BAD:
		return BOOT_MEM_BAD;
	default:
		return BOOT_MEM_RESERVED;
	}
}

static bool add_range(struct boot_info *bi, u64 base, u64 len, u32 type)
{
	if (bi->nr_mem >= BOOT_MAX_MEMRANGES) {
		bootinfo_warn(bi, "too many multiboot2 memory ranges, extra ones ignored");
		return false;
	}
	bi->mem[bi->nr_mem].base = base;
	bi->mem[bi->nr_mem].len = len;
	bi->mem[bi->nr_mem].type = type;
	bi->nr_mem++;
	return true;
}

static int mb2_mmap(struct boot_info *bi, const u8 *tag, u32 size,
		    const char **err)
{
	struct mb2_tag_mmap hdr;
	u64 off;

	if (size < sizeof(hdr)) {
		set_err(err, "multiboot2 memory map tag too short");
		return -EINVAL;
	}
	memcpy(&hdr, tag, sizeof(hdr));
	/* Newer entry versions may grow; only the known prefix is read. */
	if (hdr.entry_size < sizeof(struct mb2_mmap_entry)) {
		set_err(err, "multiboot2 memory map entry_size too small");
		return -EINVAL;
	}
	for (off = sizeof(hdr); hdr.entry_size <= size - off;
	     off += hdr.entry_size) {
		struct mb2_mmap_entry e;

		memcpy(&e, tag + off, sizeof(e));
		if (!add_range(bi, e.base, e.len, mb2_mem_type(e.type)))
			break;
	}
	return 0;
}

static int mb2_module(struct boot_info *bi, const u8 *tag, u32 size,
		      const char **err)
{
	struct mb2_tag_module mod;
	struct boot_module *m;

	if (size < sizeof(mod)) {
		set_err(err, "multiboot2 module tag too short");
		return -EINVAL;
	}
	memcpy(&mod, tag, sizeof(mod));
	if (mod.mod_end < mod.mod_start) {
		bootinfo_warn(bi, "multiboot2 module ending before its start ignored");
		return 0;
	}
	if (bi->nr_modules >= BOOT_MAX_MODULES) {
		bootinfo_warn(bi, "too many boot modules, extra ones ignored");
		return 0;
	}
	m = &bi->modules[bi->nr_modules++];
	m->base = mod.mod_start;
	m->len = (u64)mod.mod_end - mod.mod_start;
	if (copy_tag_string(m->name, sizeof(m->name), tag + sizeof(mod),
			    size - sizeof(mod)))
		bootinfo_warn(bi, "module command line truncated");
	return 0;
}

static int mb2_tag(struct boot_info *bi, struct mb2_state *st, u64 tag_pa,
		   const u8 *tag, u32 type, u32 size, const char **err)
{
	struct mb2_tag_meminfo mi;

	switch (type) {
	case MB2_TAG_CMDLINE:
		if (copy_tag_string(bi->cmdline, sizeof(bi->cmdline),
				    tag + sizeof(struct mb2_tag),
				    size - sizeof(struct mb2_tag)))
			bootinfo_warn(bi, "command line truncated");
		return 0;
	case MB2_TAG_LOADER_NAME:
		if (copy_tag_string(bi->loader_name, sizeof(bi->loader_name),
				    tag + sizeof(struct mb2_tag),
				    size - sizeof(struct mb2_tag)))
			bootinfo_warn(bi, "boot loader name truncated");
		return 0;
	case MB2_TAG_MODULE:
		return mb2_module(bi, tag, size, err);
	case MB2_TAG_MEMINFO:
		if (size < sizeof(mi)) {
			set_err(err, "multiboot2 basic meminfo tag too short");
			return -EINVAL;
		}
		memcpy(&mi, tag, sizeof(mi));
		st->have_meminfo = true;
		st->mem_lower = mi.mem_lower;
		st->mem_upper = mi.mem_upper;
		return 0;
	case MB2_TAG_MMAP:
		st->have_mmap = true;
		return mb2_mmap(bi, tag, size, err);
	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW:
		if (size < sizeof(struct mb2_tag) + RSDP_V1_SIZE) {
			set_err(err, "multiboot2 ACPI RSDP tag too short");
			return -EINVAL;
		}
		/* The 2.0 RSDP also reaches the XSDT, so it wins. */
		if (type == MB2_TAG_ACPI_NEW || !st->have_new_rsdp)
			bi->acpi_rsdp = tag_pa + sizeof(struct mb2_tag);
		if (type == MB2_TAG_ACPI_NEW)
			st->have_new_rsdp = true;
		return 0;
	default:
		return 0;
	}
}

int bootinfo_parse_mb2(struct boot_info *bi, u64 mbi_pa,
		       boot_phys_reader read, const char **err)
{
	struct mb2_state st = { 0 };
	struct mb2_info_header hdr;
	const u8 *mbi;
	u64 off;
	int ret;

	memset(bi, 0, sizeof(*bi));
	bi->loader = "multiboot2";
	set_err(err, NULL);

	mbi = read(mbi_pa, sizeof(hdr));
	if (!mbi) {
		set_err(err, "cannot read multiboot2 information header");
		return -EFAULT;
	}
	memcpy(&hdr, mbi, sizeof(hdr));
	if (hdr.total_size < sizeof(hdr) + sizeof(struct mb2_tag) ||
	    hdr.total_size > MB2_MAX_TOTAL) {
		set_err(err, "bad multiboot2 total_size");
		return -EINVAL;
	}
	if (hdr.total_size > U64_MAX - mbi_pa) {
		set_err(err, "multiboot2 information wraps the address space");
		return -EINVAL;
	}
	/* One read for everything: tag pointers then stay valid. */
	mbi = read(mbi_pa, hdr.total_size);
	if (!mbi) {
		set_err(err, "cannot read multiboot2 information");
		return -EFAULT;
	}

	off = sizeof(hdr);
	for (;;) {
		struct mb2_tag tag;

		if (off > hdr.total_size ||
		    hdr.total_size - off < sizeof(tag)) {
			set_err(err, "multiboot2 information has no end tag");
			return -EINVAL;
		}
		memcpy(&tag, mbi + off, sizeof(tag));
		if (tag.size < sizeof(tag)) {
			set_err(err, "multiboot2 tag smaller than its header");
			return -EINVAL;
		}
		if (tag.size > hdr.total_size - off) {
			set_err(err, "multiboot2 tag runs past total_size");
			return -EINVAL;
		}
		if (tag.type == MB2_TAG_END)
			break;
		ret = mb2_tag(bi, &st, mbi_pa + off, mbi + off, tag.type,
			      tag.size, err);
		if (ret < 0)
			return ret;
		off = ALIGN_UP(off + tag.size, 8);
	}

	if (!st.have_mmap && st.have_meminfo) {
		/* Only the two classic PC areas; the hole between is not RAM. */
		if (st.mem_lower)
			add_range(bi, 0, (u64)st.mem_lower << 10,
				  BOOT_MEM_USABLE);
		if (st.mem_upper)
			add_range(bi, 1ULL << 20, (u64)st.mem_upper << 10,
				  BOOT_MEM_USABLE);
	}
	if (!st.have_mmap && !st.have_meminfo)
		bootinfo_warn(bi, "multiboot2 information has no memory map");
	return 0;
}
