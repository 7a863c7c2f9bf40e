/* Host tests of the PVH dom0 memory map (XENMEM_memory_map) and the XSDT repair. */
#include "../../arch/x86/xen/xen-ops.h"
#include <kernel/errno.h>
#include <xen/arch-x86/hvm/start_info.h>

#include "unit.h"

/* What Xen 4.17 returned for a 256 MiB PVH dom0 on QEMU q35 with 1 GiB. */
static const struct xen_e820_entry xen_map[] = {
	{ 0x0, 0x9f000, 1 },
	{ 0x9fc00, 0x400, 2 },
	{ 0xf0000, 0x10000, 2 },
	{ 0x100000, 0xff60000, 1 },
	{ 0x10060f26, 0x7a, 3 },
	{ 0x10061000, 0x2ff7e000, 5 },
	{ 0x3ffdf000, 0x21000, 2 },
	{ 0xb0000000, 0x10000000, 2 },
	{ 0xfed1c000, 0x4000, 2 },
	{ 0xfffc0000, 0x40000, 2 },
	{ 0xfd00000000, 0x300000000, 2 },
};

/* A version-0 start_info, as Xen gives dom0: the parser warns about the missing map. */
static unsigned char start_info_buf[4096];

static const void *read_start_info(u64 pa, u64 len)
{
	if (pa < 0x1000 || len > sizeof(start_info_buf) || pa - 0x1000 > sizeof(start_info_buf) - len)
		return NULL;
	return start_info_buf + (pa - 0x1000);
}

static void parse_version0(struct boot_info *bi)
{
	struct hvm_start_info si = { .magic = XEN_HVM_START_MAGIC_VALUE, .version = 0 };
	const char *err;

	memcpy(start_info_buf, &si, sizeof(si));
	CHECK_EQ(bootinfo_parse_pvh(bi, 0x1000, read_start_info, &err), 0);
	CHECK_EQ(bi->nr_warnings, 1);
}

static void test_memmap(void)
{
	struct boot_info bi;

	parse_version0(&bi);
	CHECK_EQ(xen_pvh_memmap_parse(&bi, xen_map, ARRAY_SIZE(xen_map)), 0);
	CHECK_EQ(bi.nr_mem, 11);
	CHECK_EQ(bi.mem[3].base, 0x100000);
	CHECK_EQ(bi.mem[3].len, 0xff60000);
	CHECK_EQ(bi.mem[3].type, BOOT_MEM_USABLE);
	CHECK_EQ(bi.mem[4].type, BOOT_MEM_ACPI);
	CHECK_EQ(bi.mem[5].type, BOOT_MEM_BAD); /* host RAM that is not dom0's */
	CHECK_EQ(bi.mem[10].type, BOOT_MEM_RESERVED);
	/* The map was found after all: the start_info parser's warning goes. */
	CHECK_EQ(bi.nr_warnings, 0);
	bootinfo_sanitize_memmap(&bi);
	CHECK_EQ(bootinfo_usable_bytes(&bi), 0x9f000 + 0xff60000);
}

static void test_memmap_refusals(void)
{
	static struct xen_e820_entry many[BOOT_MAX_MEMRANGES + 5];
	const struct xen_e820_entry no_ram[] = { { 0, 0x1000, 2 }, { 0x100000, 0, 1 }, { 0x200000, 0x1000, 7 } };
	struct boot_info bi;

	/* Zero-length RAM and unknown types are no RAM: nothing usable, and the warning stays. */
	parse_version0(&bi);
	CHECK_EQ(xen_pvh_memmap_parse(&bi, no_ram, ARRAY_SIZE(no_ram)), -ENOENT);
	CHECK_EQ(bi.nr_mem, 2);
	CHECK_EQ(bi.mem[1].type, BOOT_MEM_RESERVED);
	CHECK_EQ(bi.nr_warnings, 1);
	/* More entries than boot_info holds: cut, with a warning. */
	for (unsigned int i = 0; i < ARRAY_SIZE(many); i++)
		many[i] = (struct xen_e820_entry){ i * 0x200000ULL, 0x100000, 1 };
	parse_version0(&bi);
	CHECK_EQ(xen_pvh_memmap_parse(&bi, many, ARRAY_SIZE(many)), 0);
	CHECK_EQ(bi.nr_mem, BOOT_MAX_MEMRANGES);
	CHECK_EQ(bi.nr_warnings, 1);
	CHECK(strstr(bi.warnings[0], "too many") != NULL);
}

/* ---- the XSDT repair, on a page of fake physical memory */

#define PHYS_BASE 0x10060000ULL
#define RSDP_PA	  0x10060f26ULL
#define XSDT_PA	  0x10060f4aULL
static unsigned char phys[4096];

static void *map(u64 pa, u64 len)
{
	if (pa < PHYS_BASE || len > sizeof(phys) || pa - PHYS_BASE > sizeof(phys) - len)
		return NULL;
	return phys + (pa - PHYS_BASE);
}

static unsigned char sum(const unsigned char *p, unsigned int n)
{
	unsigned char s = 0;

	while (n--)
		s += *p++;
	return s;
}

/* Xen's tables as seen on QEMU: the XSDT header's first 36 bytes from the real-mode IVT. */
static void xen_tables(struct boot_info *bi, unsigned char revision)
{
	static const unsigned char ivt[36] = {
		/* clang-format off */
		0x53, 0xff, 0x00, 0xf0, 0, 0, 0, 0, 0, 0, 0x00, 0xf0, 0x53, 0xff, 0x00, 0xf0,
		0x53, 0xff, 0x00, 0xf0, 0x54, 0xff, 0x00, 0xf0, 0x53, 0xff, 0x00, 0xf0,
		0x53, 0xff, 0x00, 0xf0, 0xa5, 0xfe, 0x00, 0xf0,
		/* clang-format on */
	};
	unsigned char *r = phys + (RSDP_PA - PHYS_BASE), *x = phys + (XSDT_PA - PHYS_BASE);
	u64 entries[3] = { 0x10060f86, 0x3ffe20d9, 0x3ffe227d }, xsdt = XSDT_PA;
	u32 len = 36 + sizeof(entries), rlen = 36;

	memset(phys, 0, sizeof(phys));
	memcpy(r, "RSD PTR BOCHS ", 14);
	r[15] = revision;
	memcpy(r + 20, &rlen, 4);
	memcpy(r + 24, &xsdt, 8);
	memcpy(x, ivt, 36);
	memcpy(x + 4, &len, 4);
	x[8] = 1;
	memcpy(x + 36, entries, sizeof(entries));
	x[9] = 0;
	x[9] = (unsigned char)-sum(x, len);
	memset(bi, 0, sizeof(*bi));
	bi->acpi_rsdp = RSDP_PA;
	bi->nr_mem = 1;
	bi->mem[0] = (struct boot_memrange){ RSDP_PA, 36 + len, BOOT_MEM_ACPI };
}

static void test_xsdt_repair(void)
{
	unsigned char *x = phys + (XSDT_PA - PHYS_BASE);
	struct boot_info bi;

	xen_tables(&bi, 2);
	CHECK_EQ(xen_pvh_acpi_fixup(&bi, map), 1);
	CHECK(memcmp(x, "XSDT", 4) == 0);
	CHECK_EQ(sum(x, 36 + 24), 0);
	CHECK_EQ(x[36], 0x86); /* entries untouched */
	/* A good XSDT is left alone. */
	CHECK_EQ(xen_pvh_acpi_fixup(&bi, map), 0);
	CHECK(memcmp(x, "XSDT", 4) == 0);
}

static void test_xsdt_left_alone(void)
{
	unsigned char *x = phys + (XSDT_PA - PHYS_BASE), before[60];
	struct boot_info bi;

	/* An RSDP without an XSDT (revision 0). */
	xen_tables(&bi, 0);
	memcpy(before, x, sizeof(before));
	CHECK_EQ(xen_pvh_acpi_fixup(&bi, map), 0);
	CHECK(memcmp(x, before, sizeof(before)) == 0);
	/* Not in an ACPI range of the memory map. */
	xen_tables(&bi, 2);
	bi.mem[0].type = BOOT_MEM_USABLE;
	CHECK_EQ(xen_pvh_acpi_fixup(&bi, map), 0);
	CHECK(memcmp(x, before, sizeof(before)) == 0);
	/* Running past the ACPI range. */
	xen_tables(&bi, 2);
	bi.mem[0].len = 36 + 40;
	CHECK_EQ(xen_pvh_acpi_fixup(&bi, map), 0);
	/* A checksum that does not hold: not the table Xen made. */
	xen_tables(&bi, 2);
	x[40] ^= 1;
	CHECK_EQ(xen_pvh_acpi_fixup(&bi, map), 0);
	CHECK(memcmp(x, "XSDT", 4) != 0);
	/* A length that is no header plus whole entries, or absurd. */
	xen_tables(&bi, 2);
	x[4] = 37;
	x[9] -= 37 - 60;
	CHECK_EQ(xen_pvh_acpi_fixup(&bi, map), 0);
	xen_tables(&bi, 2);
	x[7] = 0x80;
	CHECK_EQ(xen_pvh_acpi_fixup(&bi, map), 0);
	/* No RSDP at all. */
	xen_tables(&bi, 2);
	bi.acpi_rsdp = 0;
	CHECK_EQ(xen_pvh_acpi_fixup(&bi, map), 0);
	bi.acpi_rsdp = 0x1000; /* unmappable */
	CHECK_EQ(xen_pvh_acpi_fixup(&bi, map), 0);
}

static const struct unit_case cases[] = {
	{ "memmap", test_memmap },
	{ "memmap_refusals", test_memmap_refusals },
	{ "xsdt_repair", test_xsdt_repair },
	{ "xsdt_left_alone", test_xsdt_left_alone },
};
UNIT_MAIN(cases)
