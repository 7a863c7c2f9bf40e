/* Host tests for the PVH and multiboot2 parsers and the memory map cleanup. */
#include "unit.h"

#include <kernel/types.h>
#include <kernel/bootinfo.h>
#include <kernel/errno.h>
#include <kernel/string.h>
#include <xen/arch-x86/hvm/start_info.h>

/*
 * A window of fake physical memory. Every read hands out a fresh heap copy
 * of exactly the requested length, so ASan catches a parser that touches
 * more than it asked the reader for.
 */
#define PHYS_BASE 0x100000ULL
#define PHYS_SIZE (64 * 1024)
#define PHYS_END  (PHYS_BASE + PHYS_SIZE)

static unsigned char phys[PHYS_SIZE];
static void **copies;
static size_t nr_copies, cap_copies;

static const void *test_read(u64 pa, u64 len)
{
	void *c;

	if (pa < PHYS_BASE || len > PHYS_SIZE || pa - PHYS_BASE > PHYS_SIZE - len)
		return NULL;
	if (nr_copies == cap_copies) {
		cap_copies = cap_copies ? cap_copies * 2 : 64;
		copies = realloc(copies, cap_copies * sizeof(*copies));
		if (!copies)
			abort();
	}
	c = malloc(len ? len : 1);
	if (!c)
		abort();
	memcpy(c, phys + (pa - PHYS_BASE), len);
	copies[nr_copies++] = c;
	return c;
}

static void free_copies(void)
{
	for (size_t i = 0; i < nr_copies; i++)
		free(copies[i]);
	nr_copies = 0;
}

static void phys_reset(void)
{
	free_copies();
	memset(phys, 0, sizeof(phys));
}

static void *at(u64 pa)
{
	return phys + (pa - PHYS_BASE);
}

static void put(u64 pa, const void *src, size_t n)
{
	memcpy(at(pa), src, n);
}

static void put_str(u64 pa, const char *s)
{
	put(pa, s, strlen(s) + 1);
}

static void put32(u64 pa, u32 v)
{
	put(pa, &v, sizeof(v));
}

static struct boot_info bi; /* too big for a comfortable stack frame */

static bool has_warning(const char *part)
{
	for (u32 i = 0; i < bi.nr_warnings && i < 8; i++)
		if (strstr(bi.warnings[i], part))
			return true;
	return false;
}

#define U	   BOOT_MEM_USABLE
#define R	   BOOT_MEM_RESERVED
#define A	   BOOT_MEM_ACPI
#define N	   BOOT_MEM_NVS
#define B	   BOOT_MEM_BAD
#define ARRAY_N(a) (sizeof(a) / sizeof((a)[0]))

static void check_map(const struct boot_memrange *want, u32 n, int line)
{
	bool ok = bi.nr_mem == n;

	for (u32 i = 0; ok && i < n; i++)
		ok = bi.mem[i].base == want[i].base &&
		     bi.mem[i].len == want[i].len &&
		     bi.mem[i].type == want[i].type;
	if (ok)
		return;
	fprintf(stderr, "  line %d: memory map differs; got %u:\n", line,
		bi.nr_mem);
	for (u32 i = 0; i < bi.nr_mem && i < BOOT_MAX_MEMRANGES; i++)
		fprintf(stderr, "    %#llx +%#llx type %u\n",
			(unsigned long long)bi.mem[i].base,
			(unsigned long long)bi.mem[i].len, bi.mem[i].type);
	unit_failed_checks++;
}

static void check_module(u32 i, u64 base, u64 len, const char *name, int line)
{
	const struct boot_module *m = &bi.modules[i];

	if (i >= bi.nr_modules || m->base != base || m->len != len ||
	    strcmp(m->name, name) != 0) {
		fprintf(stderr, "  line %d: module %u differs\n", line, i);
		unit_failed_checks++;
	}
}

#define CHECK_MODULE(i, base, len, name) check_module(i, base, len, name, __LINE__)

#define CHECK_MAP(...)                                                     \
	do {                                                               \
		static const struct boot_memrange __w[] = { __VA_ARGS__ }; \
		check_map(__w, ARRAY_N(__w), __LINE__);                    \
	} while (0)

/* ---------------------------------------------------------------- PVH */

#define SI_PA	   (PHYS_BASE + 0x1000)
#define CMDLINE_PA (PHYS_BASE + 0x2000)
#define MEMMAP_PA  (PHYS_BASE + 0x3000)
#define MODLIST_PA (PHYS_BASE + 0x4000)
#define MODCMD_PA  (PHYS_BASE + 0x5000)

static void pvh_start_info(u32 version, u32 nr_modules, u64 modlist,
			   u64 cmdline, u64 memmap, u32 entries)
{
	struct hvm_start_info si = {
		.magic = XEN_HVM_START_MAGIC_VALUE,
		.version = version,
		.nr_modules = nr_modules,
		.modlist_paddr = modlist,
		.cmdline_paddr = cmdline,
		.rsdp_paddr = 0xf0010,
		.memmap_paddr = memmap,
		.memmap_entries = entries,
	};

	put(SI_PA, &si, sizeof(si));
}

static void pvh_memmap_entry(u32 i, u64 addr, u64 size, u32 type)
{
	struct hvm_memmap_table_entry e = { addr, size, type, 0 };

	put(MEMMAP_PA + i * sizeof(e), &e, sizeof(e));
}

static void pvh_module(u32 i, u64 paddr, u64 size, u64 cmdline)
{
	struct hvm_modlist_entry e = { paddr, size, cmdline, 0 };

	put(MODLIST_PA + i * sizeof(e), &e, sizeof(e));
}

static int parse_pvh(u64 pa, const char **err)
{
	*err = "unset";
	return bootinfo_parse_pvh(&bi, pa, test_read, err);
}

static void test_pvh_full(void)
{
	static const u32 types[] = {
		/* clang-format off */
		XEN_HVM_MEMMAP_TYPE_RAM, XEN_HVM_MEMMAP_TYPE_RESERVED,
		XEN_HVM_MEMMAP_TYPE_RAM, XEN_HVM_MEMMAP_TYPE_ACPI,
		XEN_HVM_MEMMAP_TYPE_NVS, XEN_HVM_MEMMAP_TYPE_UNUSABLE,
		XEN_HVM_MEMMAP_TYPE_DISABLED, XEN_HVM_MEMMAP_TYPE_PMEM, 99,
	};
	static const u64 base[] = {
		0, 0xf0000, 0x100000, 0x7fe0000, 0x8000000, 0x8001000,
		0x8002000, 0x8003000, 0x8004000,
		/* clang-format on */
	};
	const char *err;

	phys_reset();
	pvh_start_info(1, 2, MODLIST_PA, CMDLINE_PA, MEMMAP_PA, 9);
	put_str(CMDLINE_PA, "console=ttyS0 loglevel=7");
	for (u32 i = 0; i < 9; i++)
		/* clang-format off */
		pvh_memmap_entry(i, base[i], i == 0 ? 0x9fc00 :
				 i == 2 ? 0x7ee0000 : 0x1000, types[i]);
	/* clang-format on */
	pvh_module(0, 0x2000000, 12345, MODCMD_PA);
	pvh_module(1, 0x3000000, 777, 0);
	put_str(MODCMD_PA, "initramfs.cpio");

	CHECK_EQ(parse_pvh(SI_PA, &err), 0);
	CHECK(err == NULL);
	CHECK_STR(bi.loader, "pvh");
	CHECK_STR(bi.loader_name, "");
	CHECK_STR(bi.cmdline, "console=ttyS0 loglevel=7");
	CHECK_MAP({ 0, 0x9fc00, U }, { 0xf0000, 0x1000, R },
		  { 0x100000, 0x7ee0000, U }, { 0x7fe0000, 0x1000, A },
		  { 0x8000000, 0x1000, N }, { 0x8001000, 0x1000, B },
		  { 0x8002000, 0x1000, R }, { 0x8003000, 0x1000, R },
		  { 0x8004000, 0x1000, R });
	CHECK_EQ(bi.nr_modules, 2);
	CHECK_MODULE(0, 0x2000000, 12345, "initramfs.cpio");
	CHECK_MODULE(1, 0x3000000, 777, "");
	CHECK_EQ(bi.acpi_rsdp, 0xf0010);
	CHECK_EQ(bi.nr_warnings, 0);

	bootinfo_sanitize_memmap(&bi);
	CHECK_EQ(bi.mem[0].len, 0x9f000); /* trimmed to whole pages */
	CHECK_EQ(bootinfo_usable_bytes(&bi), 0x9f000 + 0x7ee0000);
}

static void test_pvh_v0_and_no_map(void)
{
	u64 pa = PHYS_END - __builtin_offsetof(struct hvm_start_info, memmap_paddr);
	struct hvm_start_info si = {
		.magic = XEN_HVM_START_MAGIC_VALUE,
		.cmdline_paddr = CMDLINE_PA,
		.rsdp_paddr = 0xe0000,
	};
	const char *err;

	/* Only the version 0 part fits before the end of readable memory. */
	phys_reset();
	put(pa, &si, PHYS_END - pa);
	put_str(CMDLINE_PA, "quiet");
	CHECK_EQ(parse_pvh(pa, &err), 0);
	CHECK(err == NULL);
	CHECK_EQ(bi.nr_mem, 0);
	CHECK_EQ(bi.nr_warnings, 1);
	CHECK(has_warning("version 0"));
	CHECK_STR(bi.cmdline, "quiet");
	CHECK_EQ(bi.acpi_rsdp, 0xe0000);

	/* Version 1 may still come without a map. */
	pvh_start_info(1, 0, 0, 0, 0, 0);
	CHECK_EQ(parse_pvh(SI_PA, &err), 0);
	CHECK_EQ(bi.nr_mem, 0);
	CHECK(has_warning("no memory map"));
	CHECK_STR(bi.cmdline, "");
}

static void test_pvh_errors(void)
{
	const char *err;

	phys_reset();
	pvh_start_info(1, 0, 0, 0, 0, 0);
	put32(SI_PA, 0x12345678);
	CHECK_EQ(parse_pvh(SI_PA, &err), -EINVAL);
	CHECK_STR(err, "bad PVH start_info magic");

	CHECK_EQ(parse_pvh(0x1000, &err), -EFAULT);
	CHECK_STR(err, "cannot read PVH start_info");

	/* Version 1 claimed, but the v1 fields lie past readable memory. */
	put32(PHYS_END - 40, XEN_HVM_START_MAGIC_VALUE);
	put32(PHYS_END - 36, 1);
	CHECK_EQ(parse_pvh(PHYS_END - 40, &err), -EFAULT);
	CHECK(err && strstr(err, "start_info"));

	pvh_start_info(1, 0, 0, CMDLINE_PA, PHYS_END - 24, 2);
	CHECK_EQ(parse_pvh(SI_PA, &err), -EFAULT);
	CHECK_STR(err, "cannot read PVH memory map entry");

	/* An array that would wrap around the address space. */
	pvh_start_info(1, 0, 0, 0, ~0ULL - 40, 3);
	CHECK_EQ(parse_pvh(SI_PA, &err), -EFAULT);
	CHECK_STR(err, "cannot read PVH memory map entry");

	pvh_start_info(1, 3, PHYS_END - 64, 0, 0, 0);
	CHECK_EQ(parse_pvh(SI_PA, &err), -EFAULT);
	CHECK_STR(err, "cannot read PVH module list entry");

	pvh_start_info(1, 0, 0, 0x2000, 0, 0);
	CHECK_EQ(parse_pvh(SI_PA, &err), -EFAULT);
	CHECK_STR(err, "cannot read PVH command line");

	/* A command line that runs into unreadable memory unterminated. */
	memset(at(PHYS_END - 100), 'x', 100);
	pvh_start_info(1, 0, 0, PHYS_END - 100, 0, 0);
	CHECK_EQ(parse_pvh(SI_PA, &err), -EFAULT);
	CHECK_STR(err, "cannot read PVH command line");
}

static void test_pvh_cmdline_edges(void)
{
	static char s[2100];
	const char *err;

	/* Ends right at the end of readable memory: fine. */
	phys_reset();
	put_str(PHYS_END - 6, "abcde");
	pvh_start_info(1, 0, 0, PHYS_END - 6, 0, 0);
	CHECK_EQ(parse_pvh(SI_PA, &err), 0);
	CHECK_STR(bi.cmdline, "abcde");

	/* Exactly BOOT_CMDLINE_MAX - 1 characters, across a page boundary. */
	memset(s, 'a', BOOT_CMDLINE_MAX - 1);
	s[BOOT_CMDLINE_MAX - 1] = '\0';
	put_str(CMDLINE_PA + 0xe00, s);
	pvh_start_info(1, 0, 0, CMDLINE_PA + 0xe00, 0, 0);
	CHECK_EQ(parse_pvh(SI_PA, &err), 0);
	CHECK_EQ(strlen(bi.cmdline), BOOT_CMDLINE_MAX - 1);
	CHECK(!has_warning("truncated"));

	/* Longer: truncated with a warning. */
	memset(s, 'b', 2000);
	s[2000] = '\0';
	put_str(CMDLINE_PA, s);
	pvh_start_info(1, 0, 0, CMDLINE_PA, 0, 0);
	CHECK_EQ(parse_pvh(SI_PA, &err), 0);
	CHECK_EQ(strlen(bi.cmdline), BOOT_CMDLINE_MAX - 1);
	CHECK_EQ(bi.cmdline[BOOT_CMDLINE_MAX - 2], 'b');
	CHECK(has_warning("command line truncated"));
}

static void test_pvh_too_many(void)
{
	const char *err;

	phys_reset();
	pvh_start_info(1, 10, MODLIST_PA, 0, MEMMAP_PA, 0xffffffff);
	/* Only the first 128 entries may be read: 3 KiB, below MODLIST_PA. */
	for (u32 i = 0; i < BOOT_MAX_MEMRANGES; i++)
		pvh_memmap_entry(i, i * 0x10000ULL, 0x8000, XEN_HVM_MEMMAP_TYPE_RAM);
	for (u32 i = 0; i < 10; i++)
		pvh_module(i, 0x1000000 + i * 0x1000, 0x100,
			   i == 1 ? PHYS_END + 0x1000 : 0);
	/* A module name longer than the slot. */
	memset(at(MODCMD_PA), 'm', 100);
	pvh_module(2, 0x1000000, 0x100, MODCMD_PA);

	CHECK_EQ(parse_pvh(SI_PA, &err), 0);
	CHECK_EQ(bi.nr_mem, BOOT_MAX_MEMRANGES);
	CHECK_EQ(bi.mem[127].base, 127 * 0x10000ULL);
	CHECK_EQ(bi.nr_modules, BOOT_MAX_MODULES);
	CHECK_MODULE(7, 0x1007000, 0x100, "");
	CHECK_MODULE(1, 0x1001000, 0x100, "");
	CHECK_EQ(strlen(bi.modules[2].name), BOOT_MODNAME_MAX - 1);
	CHECK(has_warning("memory map entries"));
	CHECK(has_warning("too many boot modules"));
	CHECK(has_warning("unreadable module command line"));
	CHECK(has_warning("module command line truncated"));
}

/* --------------------------------------------------------- multiboot2 */

#define MBI_PA (PHYS_BASE + 0x8000)

static u32 mb_off;

static void mb_begin(void)
{
	phys_reset();
	mb_off = 8;
}

/* Appends a tag and returns its offset from the start of the structure. */
static u32 mb_tag(u32 type, const void *payload, u32 len)
{
	u32 off = mb_off;

	put32(MBI_PA + off, type);
	put32(MBI_PA + off + 4, 8 + len);
	if (len)
		put(MBI_PA + off + 8, payload, len);
	mb_off = (off + 8 + len + 7) & ~7U;
	return off;
}

static u32 mb_end(void)
{
	mb_tag(0, NULL, 0);
	put32(MBI_PA, mb_off);
	put32(MBI_PA + 4, 0);
	return mb_off;
}

/* A type 6 tag of n entries spaced by entry_size, minus `short_by` bytes. */
static void mb_mmap(u32 entry_size, u32 n, const u64 *base, const u32 *type,
		    u32 short_by)
{
	static u8 buf[8 + 256 * 32];
	u64 len = 0x1000;

	memset(buf, 0xee, sizeof(buf)); /* junk in oversized entries */
	memcpy(buf, &entry_size, 4);
	memset(buf + 4, 0, 4);
	for (u32 i = 0; i < n; i++) {
		u8 *e = buf + 8 + i * entry_size;

		memcpy(e, &base[i], 8);
		memcpy(e + 8, &len, 8);
		memcpy(e + 16, &type[i], 4);
	}
	mb_tag(6, buf, 8 + n * entry_size - short_by);
}

static void mb_module(u32 start, u32 end, const char *name)
{
	u8 buf[128];
	u32 n = strlen(name) + 1;

	memcpy(buf, &start, 4);
	memcpy(buf + 4, &end, 4);
	memcpy(buf + 8, name, n);
	mb_tag(3, buf, 8 + n);
}

static int parse_mb2(u64 pa, const char **err)
{
	*err = "unset";
	return bootinfo_parse_mb2(&bi, pa, test_read, err);
}

static void test_mb2_full(void)
{
	static const u64 base[] = { 0, 0x9f000, 0x100000, 0x40000000, 0x40001000 };
	static const u32 type[] = { 1, 2, 1, 3, 4 };
	u8 rsdp[36] = "RSD PTR ";
	u32 meminfo[2] = { 639, 1000 };
	const char *err;
	u32 new_off;

	mb_begin();
	mb_tag(1, "root=/dev/vda console=ttyS0", 28);
	mb_tag(2, "GRUB 2.06", 10);
	mb_module(0x200000, 0x200000 + 5000, "initrd");
	mb_module(0x300000, 0x300010, "");
	mb_tag(4, meminfo, sizeof(meminfo)); /* ignored: a map follows */
	mb_tag(0x1234, "junk", 4);	     /* unknown: ignored */
	mb_mmap(24, 5, base, type, 0);
	new_off = mb_tag(15, rsdp, 36);
	mb_tag(14, rsdp, 20); /* the new one still wins */
	mb_end();

	CHECK_EQ(parse_mb2(MBI_PA, &err), 0);
	CHECK(err == NULL);
	CHECK_STR(bi.loader, "multiboot2");
	CHECK_STR(bi.loader_name, "GRUB 2.06");
	CHECK_STR(bi.cmdline, "root=/dev/vda console=ttyS0");
	CHECK_EQ(bi.nr_modules, 2);
	CHECK_MODULE(0, 0x200000, 5000, "initrd");
	CHECK_MODULE(1, 0x300000, 16, "");
	CHECK_MAP({ 0, 0x1000, U }, { 0x9f000, 0x1000, R },
		  { 0x100000, 0x1000, U }, { 0x40000000, 0x1000, A },
		  { 0x40001000, 0x1000, N });
	CHECK_EQ(bi.acpi_rsdp, MBI_PA + new_off + 8);
	CHECK_EQ(bi.nr_warnings, 0);
}

static void test_mb2_acpi_meminfo(void)
{
	u8 rsdp[36] = "RSD PTR ";
	u32 meminfo[2] = { 639, 130048 };
	const char *err;
	u32 old_off, new_off;

	mb_begin();
	old_off = mb_tag(14, rsdp, 20);
	mb_end();
	CHECK_EQ(parse_mb2(MBI_PA, &err), 0);
	CHECK_EQ(bi.acpi_rsdp, MBI_PA + old_off + 8);
	CHECK(has_warning("no memory map"));

	mb_begin();
	mb_tag(14, rsdp, 20);
	new_off = mb_tag(15, rsdp, 36);
	mb_tag(4, meminfo, sizeof(meminfo));
	mb_end();
	CHECK_EQ(parse_mb2(MBI_PA, &err), 0);
	CHECK_EQ(bi.acpi_rsdp, MBI_PA + new_off + 8);
	/* Without a type 6 map, the two classic areas. */
	CHECK_MAP({ 0, 639 * 1024, U }, { 1 << 20, 130048ULL * 1024, U });
	CHECK_EQ(bi.nr_warnings, 0);
}

static void test_mb2_mmap(void)
{
	static u64 base[200];
	static u32 type[200];
	const char *err;

	for (u32 i = 0; i < 200; i++) {
		base[i] = 0x100000ULL * (i + 1);
		type[i] = i == 1 ? 5 : (i == 2 ? 7 : 1);
	}
	/* 32-byte entries: the parser must step by entry_size. */
	mb_begin();
	mb_mmap(32, 3, base, type, 5); /* partial last entry dropped */
	mb_end();
	CHECK_EQ(parse_mb2(MBI_PA, &err), 0);
	CHECK_MAP({ 0x100000, 0x1000, U }, { 0x200000, 0x1000, B });

	mb_begin();
	mb_mmap(32, 3, base, type, 0);
	mb_end();
	CHECK_EQ(parse_mb2(MBI_PA, &err), 0);
	CHECK_EQ(bi.nr_mem, 3);
	CHECK_EQ(bi.mem[2].type, R); /* unknown type 7 */

	mb_begin();
	mb_mmap(24, 200, base, type, 0);
	mb_end();
	CHECK_EQ(parse_mb2(MBI_PA, &err), 0);
	CHECK_EQ(bi.nr_mem, BOOT_MAX_MEMRANGES);
	CHECK_EQ(bi.mem[127].base, 0x100000ULL * 128);
	CHECK(has_warning("too many multiboot2 memory ranges"));
}

static void test_mb2_strings_modules(void)
{
	static const char long_name[] =
		"loader-name-that-is-definitely-much-longer-than-sixty-four-characters!";
	static char big[1500];
	const char *err;

	/* A command line tag without its NUL stays within the tag. */
	mb_begin();
	mb_tag(1, "abcdefgh", 8);
	mb_tag(2, long_name, sizeof(long_name));
	mb_end();
	CHECK_EQ(parse_mb2(MBI_PA, &err), 0);
	CHECK_STR(bi.cmdline, "abcdefgh");
	CHECK_EQ(strlen(bi.loader_name), 63);
	CHECK(has_warning("loader name truncated"));

	memset(big, 'c', sizeof(big) - 1);
	mb_begin();
	mb_tag(1, big, sizeof(big));
	mb_module(0x1000, 0x2000, long_name);
	mb_module(0x5000, 0x4000, "backwards");
	for (int i = 0; i < 10; i++)
		mb_module(0x10000 * i, 0x10000 * i + 0x100, "m");
	mb_end();
	CHECK_EQ(parse_mb2(MBI_PA, &err), 0);
	CHECK_EQ(strlen(bi.cmdline), BOOT_CMDLINE_MAX - 1);
	CHECK(has_warning("command line truncated"));
	CHECK_EQ(strlen(bi.modules[0].name), BOOT_MODNAME_MAX - 1);
	CHECK(has_warning("module command line truncated"));
	CHECK_EQ(bi.nr_modules, BOOT_MAX_MODULES);
	CHECK_EQ(bi.modules[1].base, 0);
	CHECK(has_warning("ending before its start"));
	CHECK(has_warning("too many boot modules"));
}

static void expect_mb2_error(int want, const char *msg, int line)
{
	const char *err;
	int ret = parse_mb2(MBI_PA, &err);

	if (ret != want || !err || strcmp(err, msg) != 0) {
		fprintf(stderr, "  line %d: got %d \"%s\", want %d \"%s\"\n",
			line, ret, err ? err : "(null)", want, msg);
		unit_failed_checks++;
	}
}

#define EXPECT_MB2(want, msg) expect_mb2_error(want, msg, __LINE__)

static void test_mb2_errors(void)
{
	static const struct {
		u32 type;
		const char *payload;
		u32 len;
		const char *msg;
	} short_tags[] = {
		{ 3, "\0\0\0\0", 4, "multiboot2 module tag too short" },
		{ 4, "\0\0\0\0", 4, "multiboot2 basic meminfo tag too short" },
		{ 6, "\0\0\0\0", 4, "multiboot2 memory map tag too short" },
		{ 6, "\x10\0\0\0\0\0\0\0", 8, "multiboot2 memory map entry_size too small" },
		{ 6, "\0\0\0\0\0\0\0\0", 8, "multiboot2 memory map entry_size too small" },
		{ 14, "RSD PTR ", 8, "multiboot2 ACPI RSDP tag too short" },
		{ 15, "RSD PTR ", 8, "multiboot2 ACPI RSDP tag too short" },
	};
	const char *err;
	u32 off;

	mb_begin();
	mb_end();
	put32(MBI_PA, 8);
	EXPECT_MB2(-EINVAL, "bad multiboot2 total_size");
	put32(MBI_PA, 2 << 20);
	EXPECT_MB2(-EINVAL, "bad multiboot2 total_size");

	mb_begin();
	off = mb_tag(1, "hello", 6);
	mb_end();
	put32(MBI_PA + off + 4, 4);
	EXPECT_MB2(-EINVAL, "multiboot2 tag smaller than its header");
	put32(MBI_PA + off + 4, 0x100);
	EXPECT_MB2(-EINVAL, "multiboot2 tag runs past total_size");
	put32(MBI_PA + off + 4, 14);

	/* total_size stops right after the last tag, or inside the next. */
	put32(MBI_PA, off + 16);
	EXPECT_MB2(-EINVAL, "multiboot2 information has no end tag");
	put32(MBI_PA, off + 20);
	EXPECT_MB2(-EINVAL, "multiboot2 information has no end tag");

	for (u32 i = 0; i < ARRAY_N(short_tags); i++) {
		mb_begin();
		mb_tag(short_tags[i].type, short_tags[i].payload,
		       short_tags[i].len);
		mb_end();
		EXPECT_MB2(-EINVAL, short_tags[i].msg);
	}

	CHECK_EQ(parse_mb2(0x1000, &err), -EFAULT);
	CHECK_STR(err, "cannot read multiboot2 information header");
	put32(PHYS_END - 16, 64);
	CHECK_EQ(parse_mb2(PHYS_END - 16, &err), -EFAULT);
	CHECK_STR(err, "cannot read multiboot2 information");
}

/* ------------------------------------------------ corrupted structures */

static u64 rng_state = 0x9e3779b97f4a7c15ULL;

static u32 rnd(u32 n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (u32)(rng_state >> 11) % n;
}

static void check_sane(void)
{
	CHECK(bi.nr_mem <= BOOT_MAX_MEMRANGES);
	CHECK(bi.nr_modules <= BOOT_MAX_MODULES);
	CHECK(bi.nr_warnings <= 8);
	CHECK(memchr(bi.cmdline, 0, sizeof(bi.cmdline)) != NULL);
	CHECK(memchr(bi.loader_name, 0, sizeof(bi.loader_name)) != NULL);
	for (u32 i = 0; i < bi.nr_modules && i < BOOT_MAX_MODULES; i++)
		CHECK(memchr(bi.modules[i].name, 0, BOOT_MODNAME_MAX) != NULL);
}

/*
 * Overwrites a few random bytes in [pa, pa + span) of a good image (saved
 * from phys) and parses, many times: any outcome but a crash, a wrong errno
 * or a broken boot_info is fine.
 */
static void corrupt_loop(int (*parse)(u64, const char **), u64 start,
			 u64 pa, u32 span)
{
	static u8 good[PHYS_SIZE];
	int fails = 0;

	memcpy(good, at(pa), span);
	for (int iter = 0; iter < 3000; iter++) {
		const char *err;
		int ret;

		free_copies();
		memcpy(at(pa), good, span);
		for (int i = 1 + rnd(4); i > 0; i--)
			((u8 *)at(pa))[rnd(span)] = (u8)rnd(256);
		ret = parse(start, &err);
		CHECK(ret == 0 || ret == -EINVAL || ret == -EFAULT);
		if (ret < 0) {
			CHECK(err != NULL);
			fails++;
		}
		check_sane();
		bootinfo_sanitize_memmap(&bi);
		check_sane();
	}
	CHECK(fails > 0);
	free_copies();
}

static void test_mb2_corrupt(void)
{
	static const u64 base[] = { 0, 0x9fc00, 0x100000 };
	static const u32 type[] = { 1, 2, 1 };
	u8 rsdp[36] = "RSD PTR ";
	u32 meminfo[2] = { 639, 1000 };

	mb_begin();
	mb_tag(1, "root=/dev/vda", 14);
	mb_tag(2, "loader", 7);
	mb_module(0x200000, 0x300000, "initrd");
	mb_tag(4, meminfo, sizeof(meminfo));
	mb_mmap(24, 3, base, type, 0);
	mb_tag(15, rsdp, 36);
	corrupt_loop(parse_mb2, MBI_PA, MBI_PA, mb_end());
}

static void test_pvh_corrupt(void)
{
	phys_reset();
	pvh_start_info(1, 2, MODLIST_PA, CMDLINE_PA, MEMMAP_PA, 4);
	put_str(CMDLINE_PA, "console=hvc0");
	for (u32 i = 0; i < 4; i++)
		pvh_memmap_entry(i, i * 0x100000ULL, 0x80000, i + 1);
	pvh_module(0, 0x2000000, 100, MODCMD_PA);
	pvh_module(1, 0x3000000, 100, MODCMD_PA);
	put_str(MODCMD_PA, "mod");
	/* start_info, then the memory map and the module list */
	corrupt_loop(parse_pvh, SI_PA, SI_PA, sizeof(struct hvm_start_info));
	corrupt_loop(parse_pvh, SI_PA, MEMMAP_PA, 0x1000 + 2 * 32);
}

/* ---------------------------------------------------------- sanitizer */

static void sanitize(const struct boot_memrange *r, u32 n)
{
	memset(&bi, 0, sizeof(bi));
	for (u32 i = 0; i < n; i++)
		bi.mem[i] = r[i];
	bi.nr_mem = n;
	bootinfo_sanitize_memmap(&bi);
}

static void test_sanitize_sort_merge(void)
{
	static const struct boot_memrange in[] = {
		/* clang-format off */
		{ 0x3000, 0x1000, U }, { 0x0, 0x1000, U }, { 0x1000, 0x2000, U },
		{ 0x5000, 0x1000, R }, { 0x6000, 0x1000, R },
		/* clang-format on */
		{ 0x7000, 0x1000, A }, /* touches R: a different type */
		{ 0x9000, 0x0, R },    /* empty: dropped */
		{ 0x9000, 0x1000, U },
	};

	sanitize(in, ARRAY_N(in));
	CHECK_MAP({ 0x0, 0x4000, U }, { 0x5000, 0x2000, R },
		  { 0x7000, 0x1000, A }, { 0x9000, 0x1000, U });
	CHECK_EQ(bi.nr_warnings, 0);
	CHECK_EQ(bootinfo_usable_bytes(&bi), 0x5000);
}

static void test_sanitize_overlaps(void)
{
	static const struct boot_memrange split[] = {
		/* clang-format off */
		{ 0x0, 0x100000, U }, { 0x40000, 0x2000, R },
		/* clang-format on */
	};
	static const struct boot_memrange ranks[] = {
		{ 0x10000, 0x10000, A },
		{ 0x18000, 0x10000, R }, /* beats ACPI */
		{ 0x20000, 0x10000, N }, /* beats reserved */
		{ 0x2c000, 0x1000, B },	 /* beats everything */
		{ 0x30000, 0x4000, U },	 /* touches NVS, stays apart */
		{ 0x30000, 0x4000, U },	 /* duplicate */
		{ 0x40000, 0x1000, 42 }, /* unknown type: reserved */
		{ 0x40000, 0x3000, U },
		{ 0x51000, 0x1000, U }, /* inside reserved: gone */
		{ 0x50000, 0x3000, R },
	};

	sanitize(split, ARRAY_N(split));
	CHECK_MAP({ 0x0, 0x40000, U }, { 0x40000, 0x2000, R },
		  { 0x42000, 0xbe000, U });

	sanitize(ranks, ARRAY_N(ranks));
	CHECK_MAP({ 0x10000, 0x8000, A }, { 0x18000, 0x8000, R },
		  { 0x20000, 0xc000, N }, { 0x2c000, 0x1000, B },
		  { 0x2d000, 0x3000, N }, { 0x30000, 0x4000, U },
		  { 0x40000, 0x1000, R }, { 0x41000, 0x2000, U },
		  { 0x50000, 0x3000, R });
	CHECK_EQ(bootinfo_usable_bytes(&bi), 0x6000);
}

static void test_sanitize_trim(void)
{
	static const struct boot_memrange in[] = {
		{ 0x1001, 0x4ffe, U }, /* -> [0x2000, 0x5000) */
		{ 0x10100, 0x100, U }, /* no whole page: dropped */
		{ 0x20000, 0x800, U }, /* two halves that only */
		{ 0x20800, 0x800, U }, /* make a page together */
		{ 0x30800, 0x2000, U },
		{ 0x30000, 0x1000, R }, /* reserved not trimmed */
		{ 0x40100, 0x10, R },
	};

	sanitize(in, ARRAY_N(in));
	CHECK_MAP({ 0x2000, 0x3000, U }, { 0x20000, 0x1000, U },
		  { 0x30000, 0x1000, R }, { 0x31000, 0x1000, U },
		  { 0x40100, 0x10, R });
}

static void test_sanitize_wrap(void)
{
	static const struct boot_memrange in[] = {
		{ 0xfffffffffff00000ULL, 0x200000, U },
		{ 0xffffffffffff0000ULL, 0x20000, R },
		{ 0x1000, 0x1000, U },
	};
	static const struct boot_memrange top[] = {
		{ ~0ULL, 1, R },		      /* clipped to nothing */
		{ 0xfffffffffffff000ULL, 0x1000, U }, /* ends at 2^64 */
	};

	sanitize(in, ARRAY_N(in));
	CHECK_MAP({ 0x1000, 0x1000, U },
		  { 0xfffffffffff00000ULL, 0xf0000, U },
		  { 0xffffffffffff0000ULL, 0xffff, R });
	CHECK(has_warning("clipped"));

	sanitize(top, ARRAY_N(top));
	CHECK_EQ(bi.nr_mem, 0);
}

/* 1 + n ranges: `big` of the given type with n pages of `hole` punched in. */
static void punched(u32 big, u32 hole, u32 n)
{
	static struct boot_memrange in[BOOT_MAX_MEMRANGES];

	in[0] = (struct boot_memrange){ 0, 0x10000000, big };
	for (u32 i = 1; i <= n; i++)
		in[i] = (struct boot_memrange){ i * 0x100000ULL, 0x1000, hole };
	sanitize(in, n + 1);
}

static void test_sanitize_overflow(void)
{
	static struct boot_memrange in[BOOT_MAX_MEMRANGES];

	/*
	 * 64 reserved pages punched into 256 MiB of RAM give 65 usable
	 * pieces: 129 ranges. The 8 KiB piece is the one to go.
	 */
	for (u32 i = 0; i <= 63; i++)
		in[i] = (struct boot_memrange){ i * 0x100000ULL, 0x1000, R };
	in[0] = (struct boot_memrange){ 0, 0x10000000, U };
	in[64] = (struct boot_memrange){ 0x503000, 0x1000, R };
	sanitize(in, 65);
	CHECK_EQ(bi.nr_mem, BOOT_MAX_MEMRANGES);
	CHECK(has_warning("fragmented"));
	for (u32 i = 0; i < bi.nr_mem; i++)
		CHECK(bi.mem[i].base != 0x501000);
	CHECK_EQ(bootinfo_usable_bytes(&bi), 0x10000000 - 64 * 0x1000 - 0x2000);
	for (u32 i = 1; i < bi.nr_mem; i++)
		CHECK(bi.mem[i - 1].base + bi.mem[i - 1].len <= bi.mem[i].base);

	/* 1 + 127: 255 pieces; only the largest usable one survives. */
	punched(U, R, 127);
	CHECK_EQ(bi.nr_mem, BOOT_MAX_MEMRANGES);
	CHECK_EQ(bootinfo_usable_bytes(&bi), 0x10000000 - 0x7f01000);

	/* Nothing usable to drop: the smallest other pieces go. */
	punched(A, N, 127);
	CHECK_EQ(bi.nr_mem, BOOT_MAX_MEMRANGES);
	CHECK_EQ(bootinfo_usable_bytes(&bi), 0);

	/* A corrupt count is clamped, not trusted. */
	memset(&bi, 0, sizeof(bi));
	bi.mem[0] = in[0];
	bi.nr_mem = 100000;
	bootinfo_sanitize_memmap(&bi);
	CHECK_MAP({ 0, 0x10000000, U });
	CHECK(has_warning("count"));
}

/*
 * Random maps checked against a model: 64 pages split into 256-byte cells,
 * each cell given the type of highest rank covering it; a usable page must
 * survive exactly when all its cells are usable.
 */
#define CELL	       256
#define CELLS	       1024
#define CELLS_PER_PAGE 16

static int model_rank(u32 t)
{
	/* clang-format off */
	return t == U ? 0 : t == A ? 1 : t == N ? 3 : t == B ? 4 : 2;
	/* clang-format on */
}

static u32 lookup(u64 addr)
{
	for (u32 i = 0; i < bi.nr_mem; i++)
		if (addr >= bi.mem[i].base && addr - bi.mem[i].base < bi.mem[i].len)
			return bi.mem[i].type;
	return 0;
}

static int check_against_model(const u32 *model)
{
	int bad = 0;

	for (u32 i = 0; i < bi.nr_mem; i++) {
		const struct boot_memrange *r = &bi.mem[i];
		const struct boot_memrange *p = i ? r - 1 : NULL;

		bad += r->len == 0;
		bad += r->type == U && ((r->base | r->len) & 0xfff);
		bad += p && p->base + p->len > r->base;
		bad += p && p->base + p->len == r->base && p->type == r->type;
	}
	for (u32 c = 0; c < CELLS; c++) {
		u32 want = model[c], first = c & ~(CELLS_PER_PAGE - 1);

		for (u32 k = first; want == U && k < first + CELLS_PER_PAGE; k++)
			if (model[k] != U)
				want = 0;
		bad += lookup((u64)c * CELL) != want;
	}
	return bad;
}

static void test_sanitize_random(void)
{
	static u32 model[CELLS];

	for (int iter = 0; iter < 400; iter++) {
		struct boot_memrange in[40];
		u32 n = 1 + rnd(40);
		int bad;

		for (u32 i = 0; i < n; i++) {
			u32 start = rnd(CELLS), len = rnd(300);

			len = MIN(len, CELLS - start);
			in[i] = (struct boot_memrange){ (u64)start * CELL,
							(u64)len * CELL, 1 + rnd(6) };
		}
		for (u32 c = 0; c < CELLS; c++) {
			u64 a = (u64)c * CELL;
			int best = -1;

			model[c] = 0;
			for (u32 i = 0; i < n; i++) {
				if (a < in[i].base || a - in[i].base >= in[i].len ||
				    model_rank(in[i].type) <= best)
					continue;
				best = model_rank(in[i].type);
				model[c] = in[i].type > B ? R : in[i].type;
			}
		}
		sanitize(in, n);
		bad = check_against_model(model);
		if (bad) {
			fprintf(stderr, "  random map %d: %d mismatches\n", iter, bad);
			unit_failed_checks++;
			return;
		}
	}
}

static void test_warn(void)
{
	static const char *const msgs[] = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };

	memset(&bi, 0, sizeof(bi));
	bootinfo_warn(&bi, msgs[0]);
	bootinfo_warn(&bi, msgs[0]); /* the same problem again */
	CHECK_EQ(bi.nr_warnings, 1);
	for (int i = 1; i < 10; i++)
		bootinfo_warn(&bi, msgs[i]);
	CHECK_EQ(bi.nr_warnings, 8);
	CHECK_STR(bi.warnings[6], "6");
	CHECK(strstr(bi.warnings[7], "dropped") != NULL);
}

static const struct unit_case cases[] = {
	{ "pvh_full", test_pvh_full },
	{ "pvh_v0_and_no_map", test_pvh_v0_and_no_map },
	{ "pvh_errors", test_pvh_errors },
	{ "pvh_cmdline_edges", test_pvh_cmdline_edges },
	{ "pvh_too_many", test_pvh_too_many },
	{ "pvh_corrupt", test_pvh_corrupt },
	{ "mb2_full", test_mb2_full },
	{ "mb2_acpi_meminfo", test_mb2_acpi_meminfo },
	{ "mb2_mmap", test_mb2_mmap },
	{ "mb2_strings_modules", test_mb2_strings_modules },
	{ "mb2_errors", test_mb2_errors },
	{ "mb2_corrupt", test_mb2_corrupt },
	{ "sanitize_sort_merge", test_sanitize_sort_merge },
	{ "sanitize_overlaps", test_sanitize_overlaps },
	{ "sanitize_trim", test_sanitize_trim },
	{ "sanitize_wrap", test_sanitize_wrap },
	{ "sanitize_overflow", test_sanitize_overflow },
	{ "sanitize_random", test_sanitize_random },
	{ "warn", test_warn },
};

UNIT_MAIN(cases)
