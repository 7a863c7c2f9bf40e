/* Unit tests for arch/x86/kernel/acpi.c on synthetic ACPI tables. */
#include <asm/acpi.h>
#include <kernel/errno.h>
#include <kernel/string.h>

#include "unit.h"

/*
 * A byte array plays physical memory. The reader hands out an exact-size
 * heap copy and frees the previous one, so ASan catches both reads past
 * the requested range and use of a pointer after the next read.
 */
#define PHYS_SIZE 0x180000

static u8 phys[PHYS_SIZE];
static void *last_copy;

/* Log lines seen so far, gathered whenever the code under test reads. */
static char logbuf[16384];
static int log_seen;

static void collect_log(void)
{
	if (unit_log_count != log_seen) {
		strlcat(logbuf, unit_last_log, sizeof(logbuf));
		log_seen = unit_log_count;
	}
}

static bool logged(const char *s)
{
	collect_log();
	return strstr(logbuf, s) != NULL;
}

static const void *rd(u64 pa, u64 len)
{
	collect_log();
	free(last_copy);
	last_copy = NULL;
	if (pa > PHYS_SIZE || len > PHYS_SIZE - pa)
		return NULL;
	last_copy = malloc(len ? len : 1);
	memcpy(last_copy, phys + pa, len);
	return last_copy;
}

static const void *rd_none(u64 pa __unused, u64 len __unused)
{
	return NULL;
}

static void reset(void)
{
	memset(phys, 0, sizeof(phys));
	logbuf[0] = '\0';
	log_seen = unit_log_count;
}

static void put16(u64 pa, u16 v) { memcpy(phys + pa, &v, 2); }
static void put32(u64 pa, u32 v) { memcpy(phys + pa, &v, 4); }
static void put64(u64 pa, u64 v) { memcpy(phys + pa, &v, 8); }

static u32 get32(u64 pa)
{
	u32 v;

	memcpy(&v, phys + pa, 4);
	return v;
}

/* Sets the byte at pa + off so that [pa, pa + len) sums to zero. */
static void fix_sum(u64 pa, u32 len, u32 off)
{
	u8 sum = 0;

	phys[pa + off] = 0;
	for (u32 i = 0; i < len; i++)
		sum += phys[pa + i];
	phys[pa + off] = (u8)-sum;
}

static void sdt_header(u64 pa, const char *sig, u32 len, u8 rev)
{
	memcpy(phys + pa, sig, 4);
	put32(pa + 4, len);
	phys[pa + 8] = rev;
	memcpy(phys + pa + 10, "TESTOE", 6);
	memcpy(phys + pa + 16, "TESTTABL", 8);
}

static void sdt_finish(u64 pa)
{
	fix_sum(pa, get32(pa + 4), 9);
}

/* "QEMU  " checks that padding spaces are dropped. */
static void make_rsdp(u64 pa, u8 rev, u32 rsdt, u64 xsdt)
{
	memcpy(phys + pa, "RSD PTR ", 8);
	memcpy(phys + pa + 9, "QEMU  ", 6);
	phys[pa + 15] = rev;
	put32(pa + 16, rsdt);
	if (rev >= 2) {
		put32(pa + 20, 36);
		put64(pa + 24, xsdt);
	}
	fix_sum(pa, 20, 8);
	if (rev >= 2)
		fix_sum(pa, 36, 32);
}

static void make_rsdt(u64 pa, const u32 *ent, u32 n)
{
	sdt_header(pa, "RSDT", 36 + 4 * n, 1);
	for (u32 i = 0; i < n; i++)
		put32(pa + 36 + 4 * i, ent[i]);
	sdt_finish(pa);
}

static void make_xsdt(u64 pa, const u64 *ent, u32 n)
{
	sdt_header(pa, "XSDT", 36 + 8 * n, 1);
	for (u32 i = 0; i < n; i++)
		put64(pa + 36 + 8 * i, ent[i]);
	sdt_finish(pa);
}

/* MADT under construction: entries are appended at madt_pa + madt_len. */
static u64 madt_pa;
static u32 madt_len;

static void madt_begin(u64 pa, u32 lapic, u32 flags)
{
	madt_pa = pa;
	madt_len = 44;
	put32(pa + 36, lapic);
	put32(pa + 40, flags);
}

static void madt_add(const u8 *e, u32 n)
{
	memcpy(phys + madt_pa + madt_len, e, n);
	madt_len += n;
}

/* Little-endian bytes for entry initializers. */
#define LE16(v) (u8)(v), (u8)((v) >> 8)
#define LE32(v) LE16(v), LE16((v) >> 16)
#define LE64(v) LE32(v), LE32((u64)(v) >> 32)
#define MADT_ENTRY(...) \
	madt_add((const u8[]){ __VA_ARGS__ }, sizeof((const u8[]){ __VA_ARGS__ }))

#define madt_cpu(uid, apic, flags) MADT_ENTRY(0, 8, uid, apic, LE32(flags))
#define madt_ioapic(id, addr, gsi_base) \
	MADT_ENTRY(1, 12, id, 0, LE32(addr), LE32(gsi_base))
#define madt_override(bus, irq, gsi, flags) \
	MADT_ENTRY(2, 10, bus, irq, LE32(gsi), LE16(flags))

static void madt_end(void)
{
	sdt_header(madt_pa, "APIC", madt_len, 3);
	sdt_finish(madt_pa);
}

#define GAS_MEM 0
#define GAS_IO	1

static void put_gas(u64 pa, u8 space, u8 width, u64 addr)
{
	phys[pa] = space;
	phys[pa + 1] = width;
	put64(pa + 4, addr);
}

/* An ACPI 1.0 FADT (116 bytes): 32-bit block addresses only. */
static void make_fadt_v1(u64 pa, u32 dsdt)
{
	sdt_header(pa, "FACP", 116, 1);
	put32(pa + 40, dsdt);
	put16(pa + 46, 9);	  /* SCI_INT */
	put32(pa + 48, 0xb2);	  /* SMI_CMD */
	phys[pa + 52] = 0xf1;	  /* ACPI_ENABLE */
	put32(pa + 64, 0x604);	  /* PM1a_CNT_BLK */
	put32(pa + 76, 0x608);	  /* PM_TMR_BLK */
	phys[pa + 91] = 4;	  /* PM_TMR_LEN */
	put32(pa + 112, 1u << 8); /* TMR_VAL_EXT */
	sdt_finish(pa);
}

/*
 * A full-size FADT whose X_ fields disagree with the 32-bit ones, so the
 * tests can tell which were used.
 */
static void make_fadt_v6(u64 pa, u32 dsdt, u64 x_dsdt)
{
	sdt_header(pa, "FACP", 276, 6);
	put32(pa + 40, dsdt);
	put16(pa + 46, 9);
	put32(pa + 48, 0xb2);
	phys[pa + 52] = 0xe1;
	put32(pa + 64, 0x604);
	put32(pa + 68, 0x704);
	put32(pa + 76, 0x608);
	put32(pa + 112, 1u << 10); /* RESET_REG_SUP */
	put_gas(pa + 116, GAS_IO, 8, 0xcf9);
	phys[pa + 128] = 0x06; /* RESET_VALUE */
	put64(pa + 140, x_dsdt);
	put_gas(pa + 172, GAS_IO, 16, 0xb004); /* X_PM1a_CNT_BLK */
	put_gas(pa + 208, GAS_IO, 32, 0xb008); /* X_PM_TMR_BLK */
	sdt_finish(pa);
}

static void make_dsdt(u64 pa, const u8 *aml, u32 n)
{
	sdt_header(pa, "DSDT", 36 + n, 2);
	memcpy(phys + pa + 36, aml, n);
	sdt_finish(pa);
}

static void make_hpet(u64 pa, u8 space, u64 addr)
{
	sdt_header(pa, "HPET", 56, 1);
	put32(pa + 36, 0x8086a201);
	put_gas(pa + 40, space, 64, addr);
	sdt_finish(pa);
}

/* clang-format off */
enum enc { E_ZERO, E_ONE, E_BYTE, E_WORD };
/* clang-format on */

static u32 aml_int(u8 *o, enum enc e, u8 v)
{
	static const u8 op[] = { 0x00, 0x01, 0x0a, 0x0b };

	o[0] = op[e];
	o[1] = v;
	/* A non-zero high byte in a word: only the low byte may be used. */
	o[2] = 0x12;
	/* clang-format off */
	return e == E_WORD ? 3 : e == E_BYTE ? 2 : 1;
	/* clang-format on */
}

/* Name([\]_S5_, Package() { a, b, 0, 0 }), PkgLength pl_bytes long. */
static u32 aml_s5(u8 *out, bool root, u32 pl_bytes, enum enc ea, u8 a,
		  enum enc eb, u8 b)
{
	u8 body[16];
	u32 n = 0, o = 0, pl;

	body[n++] = 4;
	n += aml_int(body + n, ea, a);
	n += aml_int(body + n, eb, b);
	body[n++] = 0x00;
	body[n++] = 0x00;

	out[o++] = 0x08;
	if (root)
		out[o++] = '\\';
	memcpy(out + o, "_S5_", 4);
	o += 4;
	out[o++] = 0x12;
	pl = n + pl_bytes;
	if (pl_bytes == 1) {
		out[o++] = (u8)pl;
	} else {
		out[o++] = (u8)(((pl_bytes - 1) << 6) | (pl & 0x0f));
		for (u32 i = 1; i < pl_bytes; i++)
			out[o++] = (u8)(pl >> (4 + 8 * (i - 1)));
	}
	memcpy(out + o, body, n);
	return o + n;
}

#define RSDP_PA	 0xe5670
#define RSDT_PA	 0x100000
#define XSDT_PA	 0x100200
#define MADT_PA	 0x101000
#define FADT_PA	 0x102000
#define DSDT_PA	 0x103000
#define HPET_PA	 0x104000
#define DSDT2_PA 0x106000

static void std_madt(void)
{
	madt_begin(MADT_PA, 0xfee00000, 1);
	madt_cpu(0, 0, 1);
	madt_cpu(1, 1, 1);
	madt_cpu(2, 2, 0); /* disabled */
	madt_cpu(3, 6, 2); /* online capable */
	madt_ioapic(2, 0xfec00000, 0);
	madt_override(0, 0, 2, 0);
	madt_override(0, 9, 9, 0x000d);
	madt_end();
}

static void std_dsdt(u64 pa, u8 a, u8 b)
{
	u8 aml[64];
	u32 n;

	n = aml_s5(aml, true, 1, E_BYTE, a, E_BYTE, b);
	make_dsdt(pa, aml, n);
}

/* ACPI 1.0 machine: RSDP rev 0 in the BIOS area, RSDT, short FADT. */
static void build_rev0(void)
{
	u32 ent[] = { MADT_PA, FADT_PA, HPET_PA };

	reset();
	make_rsdp(RSDP_PA, 0, RSDT_PA, 0);
	make_rsdt(RSDT_PA, ent, 3);
	std_madt();
	make_fadt_v1(FADT_PA, DSDT_PA);
	std_dsdt(DSDT_PA, 5, 5);
	make_hpet(HPET_PA, GAS_MEM, 0xfed00000);
}

/*
 * ACPI 2.0+ machine: the RSDT lists nothing, the XSDT everything (plus an
 * entry above the readable range), the FADT's X_DSDT points at a second
 * DSDT with other \_S5_ values.
 */
static void build_rev2(void)
{
	u64 ent[] = { 0x200000000ull, MADT_PA, FADT_PA, HPET_PA };

	reset();
	make_rsdp(RSDP_PA, 2, RSDT_PA, XSDT_PA);
	make_rsdt(RSDT_PA, NULL, 0);
	make_xsdt(XSDT_PA, ent, 4);
	std_madt();
	make_fadt_v6(FADT_PA, DSDT_PA, DSDT2_PA);
	std_dsdt(DSDT_PA, 1, 1);
	std_dsdt(DSDT2_PA, 7, 3);
	make_hpet(HPET_PA, GAS_MEM, 0xfed00000);
}

/* What the last parse() produced. */
static struct acpi_info ai;
static const char *err;

static int parse(void)
{
	int ret;

	err = NULL;
	ret = acpi_parse(&ai, RSDP_PA, rd, &err);
	collect_log();
	return ret;
}

static void test_find_bios_area(void)
{
	u64 pa = 0;

	build_rev0();
	/* Look-alikes first: right signature, wrong checksum or misaligned. */
	memcpy(phys + 0xe0000, "RSD PTR ", 8);
	phys[0xe0008] = 0x55;
	memcpy(phys + 0xe1008, "RSD PTR ", 8);
	CHECK_EQ(acpi_find_rsdp(rd, 0, &pa), 0);
	CHECK_EQ(pa, RSDP_PA);

	/* In the last slot, its checksum range runs past 0xfffff. */
	reset();
	make_rsdp(0xffff0, 0, RSDT_PA, 0);
	CHECK_EQ(acpi_find_rsdp(rd, 0, &pa), 0);
	CHECK_EQ(pa, 0xffff0);
}

static void test_find_ebda(void)
{
	u64 pa = 0;

	build_rev0();
	put16(0x40e, 0x9fc0);
	make_rsdp(0x9fc00 + 0x120, 0, RSDT_PA, 0);
	CHECK_EQ(acpi_find_rsdp(rd, 0, &pa), 0);
	CHECK_EQ(pa, 0x9fc00 + 0x120);

	/* An EBDA pointer past conventional memory is not followed. */
	reset();
	put16(0x40e, 0xb000);
	make_rsdp(0xb0000, 0, RSDT_PA, 0);
	CHECK_EQ(acpi_find_rsdp(rd, 0, &pa), -ENOENT);
}

static void test_find_hint(void)
{
	u64 pa = 0;

	reset();
	make_rsdp(0x120040, 2, RSDT_PA, XSDT_PA);
	CHECK_EQ(acpi_find_rsdp(rd, 0x120040, &pa), 0);
	CHECK_EQ(pa, 0x120040);

	/* Not in a scanned area: without the hint there is nothing. */
	CHECK_EQ(acpi_find_rsdp(rd, 0, &pa), -ENOENT);

	/* A bad hint falls back to scanning. */
	build_rev0();
	CHECK_EQ(acpi_find_rsdp(rd, 0x120040, &pa), 0);
	CHECK_EQ(pa, RSDP_PA);
	CHECK(logged("no valid RSDP"));
}

static void test_find_none(void)
{
	u64 pa = 0x1234;

	reset();
	CHECK_EQ(acpi_find_rsdp(rd, 0, &pa), -ENOENT);
	CHECK_EQ(acpi_find_rsdp(rd_none, 0x1000, &pa), -ENOENT);
	/* Signature right, checksum wrong. */
	memcpy(phys + 0xf0000, "RSD PTR ", 8);
	phys[0xf0008] = 1;
	CHECK_EQ(acpi_find_rsdp(rd, 0, &pa), -ENOENT);
	CHECK_EQ(pa, 0x1234);
}

static void check_std_madt(void)
{
	CHECK_EQ(ai.lapic_addr, 0xfee00000);
	CHECK(ai.pcat_compat);
	CHECK_EQ(ai.nr_cpus, 3);
	CHECK_EQ(ai.cpu_apic_id[0], 0);
	CHECK_EQ(ai.cpu_apic_id[1], 1);
	CHECK_EQ(ai.cpu_apic_id[2], 6);
	CHECK_EQ(ai.nr_ioapics, 1);
	CHECK_EQ(ai.ioapic[0].id, 2);
	CHECK_EQ(ai.ioapic[0].addr, 0xfec00000);
	CHECK_EQ(ai.ioapic[0].gsi_base, 0);
	CHECK_EQ(ai.nr_overrides, 2);
	CHECK_EQ(ai.override[0].irq, 0);
	CHECK_EQ(ai.override[0].gsi, 2);
	CHECK_EQ(ai.override[1].irq, 9);
	CHECK_EQ(ai.override[1].flags, 0x000d);
}

static void test_parse_rsdt_rev0(void)
{
	build_rev0();
	CHECK_EQ(parse(), 0);
	CHECK(err == NULL);
	CHECK_EQ(ai.rsdp_pa, RSDP_PA);
	CHECK_EQ(ai.revision, 0);
	CHECK_STR(ai.oem_id, "QEMU");
	check_std_madt();
	CHECK_EQ(ai.pm1a_cnt, 0x604);
	CHECK_EQ(ai.pm1b_cnt, 0);
	CHECK_EQ(ai.pm_tmr_port, 0x608);
	CHECK(ai.pm_tmr_32bit);
	CHECK_EQ(ai.sci_irq, 9);
	CHECK_EQ(ai.smi_cmd, 0xb2);
	CHECK_EQ(ai.acpi_enable_val, 0xf1);
	CHECK(ai.s5_valid);
	CHECK_EQ(ai.slp_typa, 5);
	CHECK_EQ(ai.slp_typb, 5);
	/* A 116-byte FADT has no reset register. */
	CHECK(!ai.reset_supported);
	CHECK(!ai.reset_reg.valid);
	CHECK_EQ(ai.hpet_addr, 0xfed00000);
	CHECK(strstr(unit_last_log, "acpi: OEM 'QEMU'") == unit_last_log);
	CHECK(strstr(unit_last_log, "3 CPUs"));
	CHECK(strstr(unit_last_log, "S5 yes"));
	CHECK(strstr(unit_last_log, "reset no"));
}

static void test_parse_xsdt_rev2(void)
{
	build_rev2();
	CHECK_EQ(parse(), 0);
	CHECK_EQ(ai.revision, 2);
	check_std_madt();
	/* X_ fields win over the 32-bit ones. */
	CHECK_EQ(ai.pm1a_cnt, 0xb004);
	CHECK_EQ(ai.pm1b_cnt, 0x704);
	CHECK_EQ(ai.pm_tmr_port, 0xb008);
	CHECK(!ai.pm_tmr_32bit);
	CHECK_EQ(ai.acpi_enable_val, 0xe1);
	CHECK(ai.s5_valid);
	CHECK_EQ(ai.slp_typa, 7);
	CHECK_EQ(ai.slp_typb, 3);
	CHECK(ai.reset_supported);
	CHECK(ai.reset_reg.valid);
	CHECK_EQ(ai.reset_reg.space, 1);
	CHECK_EQ(ai.reset_reg.bit_width, 8);
	CHECK_EQ(ai.reset_reg.addr, 0xcf9);
	CHECK_EQ(ai.reset_value, 6);
	CHECK_EQ(ai.hpet_addr, 0xfed00000);
	CHECK(logged("table at 0x200000000 unreadable"));
	CHECK(strstr(unit_last_log, "reset yes"));

	/* With X_DSDT zero the 32-bit DSDT address is used. */
	put64(FADT_PA + 140, 0);
	sdt_finish(FADT_PA);
	CHECK_EQ(parse(), 0);
	CHECK_EQ(ai.slp_typa, 1);
}

static void test_xsdt_fallback(void)
{
	u32 ent[] = { MADT_PA };
	int before;

	/* A broken XSDT: the RSDT still serves. */
	build_rev2();
	make_rsdt(RSDT_PA, ent, 1);
	phys[XSDT_PA + 40] ^= 0xff;
	before = unit_log_count;
	CHECK_EQ(parse(), 0);
	/* Bad checksum, falling back, summary. */
	CHECK_EQ(unit_log_count - before, 3);
	CHECK(logged("falling back to the RSDT"));
	CHECK_EQ(ai.nr_cpus, 3);
	CHECK_EQ(ai.pm1a_cnt, 0);

	/* A bad extended checksum: the XSDT address is not trusted. */
	build_rev2();
	make_rsdt(RSDT_PA, ent, 1);
	phys[RSDP_PA + 32] ^= 1;
	CHECK_EQ(parse(), 0);
	CHECK(logged("XSDT ignored"));
	CHECK_EQ(ai.nr_cpus, 3);
	CHECK_EQ(ai.pm1a_cnt, 0);
}

static void test_madt_entries(void)
{
	u8 unknown[6] = { 4, 6, 0xff, 5, 0, 1 }; /* local APIC NMI */

	build_rev0();
	madt_begin(MADT_PA, 0xfee00000, 0);
	madt_cpu(0, 3, 1);
	madt_add(unknown, sizeof(unknown));
	madt_override(1, 5, 20, 0);		       /* not ISA */
	MADT_ENTRY(5, 12, 0, 0, LE64(0x1fee00000ull)); /* 64-bit LAPIC */
	madt_ioapic(8, 0xfec01000, 24);
	/* Local x2APICs (type 9, as Xen writes for a PVH dom0): one enabled, one not. */
	MADT_ENTRY(9, 16, 0, 0, LE32(0x1234), LE32(1), LE32(7));
	MADT_ENTRY(9, 16, 0, 0, LE32(0x99), LE32(0), LE32(8));
	madt_end();
	CHECK_EQ(parse(), 0);
	CHECK(!ai.pcat_compat);
	CHECK_EQ(ai.lapic_addr, 0x1fee00000ull);
	CHECK_EQ(ai.nr_cpus, 2);
	CHECK_EQ(ai.cpu_apic_id[0], 3);
	CHECK_EQ(ai.cpu_apic_id[1], 0x1234);
	CHECK_EQ(ai.nr_overrides, 0);
	CHECK_EQ(ai.nr_ioapics, 1);
	CHECK_EQ(ai.ioapic[0].gsi_base, 24);
	CHECK(logged("bus 1 IRQ 5 ignored"));
}

/* A machine whose MADT holds CPU 0, the given bytes, then maybe CPU 1. */
static void build_bad_madt(const u8 *bad, u32 n, bool cpu_after)
{
	build_rev0();
	madt_begin(MADT_PA, 0xfee00000, 1);
	madt_cpu(0, 0, 1);
	madt_add(bad, n);
	if (cpu_after)
		madt_cpu(1, 1, 1);
	madt_end();
}

static void test_madt_malformed(void)
{
	static const u8 short_io[4] = { 1, 4, 9, 0 };
	static const u8 zero_len[2] = { 0, 0 };
	static const u8 too_long[8] = { 0, 40, 7, 7, 1, 0, 0, 0 };
	int before;

	/* An entry too short for its type is skipped; the walk goes on. */
	build_bad_madt(short_io, sizeof(short_io), true);
	before = unit_log_count;
	CHECK_EQ(parse(), 0);
	CHECK_EQ(ai.nr_cpus, 2);
	CHECK_EQ(ai.nr_ioapics, 0);
	CHECK_EQ(unit_log_count - before, 2);

	/* A zero length stops the walk, as does one running past the end. */
	build_bad_madt(zero_len, sizeof(zero_len), true);
	CHECK_EQ(parse(), 0);
	CHECK_EQ(ai.nr_cpus, 1);
	CHECK(logged("bad length 0"));

	build_bad_madt(too_long, sizeof(too_long), true);
	CHECK_EQ(parse(), 0);
	CHECK_EQ(ai.nr_cpus, 1);
	CHECK(logged("bad length 40"));

	/* A lone trailing byte cannot even hold a length. */
	build_bad_madt(zero_len, 1, false);
	CHECK_EQ(parse(), 0);
	CHECK_EQ(ai.nr_cpus, 1);
	CHECK(logged("MADT entry at offset 52 has bad length"));

	/* A MADT too short for its fixed part is skipped. */
	build_rev0();
	sdt_header(MADT_PA, "APIC", 40, 1);
	sdt_finish(MADT_PA);
	CHECK_EQ(parse(), 0);
	CHECK_EQ(ai.nr_cpus, 0);
	CHECK_EQ(ai.lapic_addr, 0);
}

static void test_madt_limits(void)
{
	build_rev0();
	madt_begin(MADT_PA, 0xfee00000, 1);
	for (int i = 0; i < 70; i++)
		madt_cpu((u8)i, (u8)i, 1);
	for (int i = 0; i < 10; i++)
		madt_ioapic((u8)i, 0xfec00000 + 0x1000 * i, 24 * i);
	for (int i = 0; i < 20; i++)
		madt_override(0, (u8)i, i, 0);
	madt_end();
	CHECK_EQ(parse(), 0);
	CHECK_EQ(ai.nr_cpus, ACPI_MAX_CPUS);
	CHECK_EQ(ai.cpu_apic_id[63], 63);
	CHECK_EQ(ai.nr_ioapics, ACPI_MAX_IOAPICS);
	CHECK_EQ(ai.nr_overrides, ACPI_MAX_OVERRIDES);
	CHECK(logged("beyond the limit"));
}

static void test_s5_encodings(void)
{
	static const u8 val[] = { 0, 1, 5, 7 };
	u8 aml[64];
	u32 n;

	for (int ea = E_ZERO; ea <= E_WORD; ea++) {
		for (int eb = E_ZERO; eb <= E_WORD; eb++) {
			for (u32 pl = 1; pl <= 4; pl++) {
				build_rev0();
				n = aml_s5(aml, pl & 1, pl, ea, val[ea],
					   eb, val[eb]);
				make_dsdt(DSDT_PA, aml, n);
				CHECK_EQ(parse(), 0);
				CHECK(ai.s5_valid);
				CHECK_EQ(ai.slp_typa, val[ea]);
				CHECK_EQ(ai.slp_typb, val[eb]);
			}
		}
	}
}

static void test_s5_lookalikes(void)
{
	u8 aml[128];
	u32 n = 0;
	/* Scope (\_SB) with a Name that is not _S5_ and a method "_S5_". */
	static const u8 junk[] = {
		/* clang-format off */
		0x10, 0x0c, '\\', '_', 'S', 'B', '_',
		0x08, 'X', '_', 'S', '5', 0x0a, 0x02,
		0x14, 0x05, '_', 'S', '5', '_', 0x00,
		/* Name (_S5_, 3): not a package. */
		0x08, '_', 'S', '5', '_', 0x0a, 0x03,
		/* Package claiming to hold one element only. */
		0x08, '_', 'S', '5', '_', 0x12, 0x04, 0x01, 0x0a, 0x02,
		/* clang-format on */
	};

	build_rev0();
	memcpy(aml, junk, sizeof(junk));
	n = sizeof(junk);
	n += aml_s5(aml + n, false, 2, E_BYTE, 6, E_ONE, 1);
	make_dsdt(DSDT_PA, aml, n);
	CHECK_EQ(parse(), 0);
	CHECK(ai.s5_valid);
	CHECK_EQ(ai.slp_typa, 6);
	CHECK_EQ(ai.slp_typb, 1);

	/* Only the look-alikes: no S5. */
	build_rev0();
	make_dsdt(DSDT_PA, junk, sizeof(junk));
	CHECK_EQ(parse(), 0);
	CHECK(!ai.s5_valid);
	CHECK(strstr(unit_last_log, "S5 no"));
}

static void test_s5_truncated(void)
{
	u8 aml[64];
	u32 n;

	/* Every prefix of a good \_S5_ must fail cleanly (ASan watches). */
	n = aml_s5(aml, true, 2, E_WORD, 5, E_WORD, 5);
	for (u32 cut = 0; cut < n; cut++) {
		build_rev0();
		make_dsdt(DSDT_PA, aml, cut);
		CHECK_EQ(parse(), 0);
		/* The PkgLength always runs past a cut table. */
		CHECK(!ai.s5_valid);
	}

	/* PkgLength claiming more than the table holds. */
	build_rev0();
	n = aml_s5(aml, false, 1, E_BYTE, 5, E_BYTE, 5);
	aml[6] = 0x3f;
	make_dsdt(DSDT_PA, aml, n);
	CHECK_EQ(parse(), 0);
	CHECK(!ai.s5_valid);

	/* A four-byte PkgLength at the very end. */
	build_rev0();
	n = aml_s5(aml, false, 4, E_BYTE, 5, E_BYTE, 5);
	make_dsdt(DSDT_PA, aml, 8);
	CHECK_EQ(parse(), 0);
	CHECK(!ai.s5_valid);
}

static void test_bad_checksum_skipped(void)
{
	int before;

	build_rev0();
	phys[MADT_PA + 50] ^= 0x40;
	before = unit_log_count;
	CHECK_EQ(parse(), 0);
	CHECK_EQ(unit_log_count - before, 2);
	CHECK(logged("APIC at 0x101000: bad checksum, skipped"));
	CHECK_EQ(ai.nr_cpus, 0);
	CHECK_EQ(ai.lapic_addr, 0);
	/* The others are still parsed. */
	CHECK_EQ(ai.pm1a_cnt, 0x604);
	CHECK(ai.s5_valid);
	CHECK_EQ(ai.hpet_addr, 0xfed00000);

	/* A bad DSDT loses S5 only. */
	build_rev0();
	phys[DSDT_PA + 37] ^= 1;
	CHECK_EQ(parse(), 0);
	CHECK(logged("DSDT at 0x103000: bad checksum"));
	CHECK(!ai.s5_valid);
	CHECK_EQ(ai.pm1a_cnt, 0x604);

	/* A second, valid MADT after a bad one is used. */
	build_rev0();
	{
		u32 ent[] = { MADT_PA, 0x105000, FADT_PA };

		memcpy(phys + 0x105000, phys + MADT_PA, get32(MADT_PA + 4));
		phys[MADT_PA + 50] ^= 0x40;
		make_rsdt(RSDT_PA, ent, 3);
	}
	CHECK_EQ(parse(), 0);
	CHECK_EQ(ai.nr_cpus, 3);
}

static void test_truncated_tables(void)
{
	u32 ent[] = { PHYS_SIZE - 64, FADT_PA, HPET_PA };

	/* A MADT running off the end of readable memory. */
	build_rev0();
	sdt_header(PHYS_SIZE - 64, "APIC", 200, 1);
	make_rsdt(RSDT_PA, ent, 3);
	CHECK_EQ(parse(), 0);
	CHECK(logged("unreadable (truncated?)"));
	CHECK_EQ(ai.nr_cpus, 0);
	CHECK_EQ(ai.pm1a_cnt, 0x604);

	/* Lengths below the header size or above 1 MiB. */
	build_rev0();
	put32(MADT_PA + 4, 20);
	sdt_finish(MADT_PA);
	CHECK_EQ(parse(), 0);
	CHECK(logged("APIC at 0x101000: impossible length 20"));
	CHECK_EQ(ai.nr_cpus, 0);

	build_rev0();
	put32(FADT_PA + 4, (1u << 20) + 1);
	CHECK_EQ(parse(), 0);
	CHECK(logged("FACP at 0x102000: impossible length"));
	CHECK_EQ(ai.pm1a_cnt, 0);
	CHECK_EQ(ai.nr_cpus, 3);

	/* A FADT whose X_ fields would lie past its end: they are ignored. */
	build_rev0();
	make_fadt_v6(FADT_PA, DSDT_PA, DSDT2_PA);
	put32(FADT_PA + 4, 180);
	sdt_finish(FADT_PA);
	std_dsdt(DSDT2_PA, 7, 3);
	CHECK_EQ(parse(), 0);
	CHECK_EQ(ai.pm1a_cnt, 0x604);
	CHECK_EQ(ai.pm_tmr_port, 0x608);
	CHECK(ai.reset_supported);
	/* X_DSDT (bytes 140-147) is inside 180 bytes. */
	CHECK_EQ(ai.slp_typa, 7);

	/* A DSDT address with nothing behind it. */
	build_rev0();
	put32(FADT_PA + 40, 0x7ffffff0);
	sdt_finish(FADT_PA);
	CHECK_EQ(parse(), 0);
	CHECK(logged("DSDT at 0x7ffffff0: header unreadable"));
	CHECK(!ai.s5_valid);
}

static void test_bad_root(void)
{
	build_rev0();
	CHECK_EQ(acpi_parse(&ai, 0x7ffff000, rd, &err), -EINVAL);
	CHECK_STR(err, "RSDP unreadable");

	CHECK_EQ(acpi_parse(&ai, 0x1000, rd, &err), -EINVAL);
	CHECK_STR(err, "RSDP signature mismatch");

	phys[RSDP_PA + 10] ^= 1;
	CHECK_EQ(parse(), -EINVAL);
	CHECK_STR(err, "RSDP checksum mismatch");

	build_rev0();
	phys[RSDT_PA + 40] ^= 1;
	CHECK_EQ(parse(), -EINVAL);
	CHECK_STR(err, "no usable RSDT or XSDT");
	CHECK(logged("RSDT at 0x100000: bad checksum"));

	build_rev0();
	memcpy(phys + RSDT_PA, "XSDT", 4);
	sdt_finish(RSDT_PA);
	CHECK_EQ(parse(), -EINVAL);
	CHECK(logged("signature is 'XSDT'"));

	build_rev0();
	make_rsdp(RSDP_PA, 0, 0x7fff0000, 0);
	CHECK_EQ(parse(), -EINVAL);
	CHECK_EQ(acpi_parse(&ai, RSDP_PA, rd_none, &err), -EINVAL);
}

static void test_unsupported_spaces(void)
{
	/* HPET first: a warning just before the summary would go unseen. */
	u64 ent[] = { HPET_PA, MADT_PA, FADT_PA };

	build_rev2();
	make_xsdt(XSDT_PA, ent, 3);
	put_gas(FADT_PA + 172, GAS_MEM, 16, 0xfe000004);
	sdt_finish(FADT_PA);
	make_hpet(HPET_PA, GAS_IO, 0x1000);
	CHECK_EQ(parse(), 0);
	CHECK_EQ(ai.pm1a_cnt, 0);
	CHECK_EQ(ai.pm1b_cnt, 0x704);
	CHECK_EQ(ai.hpet_addr, 0);
	CHECK(logged("PM1a control block at 0xfe000004 in address space 0 not supported"));
	CHECK(logged("HPET in address space 1"));

	/* A reset register in PCI configuration space. */
	build_rev2();
	put_gas(FADT_PA + 116, 2, 8, 0xcf9);
	sdt_finish(FADT_PA);
	CHECK_EQ(parse(), 0);
	CHECK(ai.reset_supported);
	CHECK(!ai.reset_reg.valid);
	CHECK_EQ(ai.reset_reg.space, 2);
	CHECK(logged("reset register in address space 2 not supported"));
	CHECK(strstr(unit_last_log, "reset no"));
}

static void test_irq_to_gsi(void)
{
	u16 flags = 0xffff;

	build_rev0();
	CHECK_EQ(parse(), 0);
	CHECK_EQ(acpi_irq_to_gsi(&ai, 0, &flags), 2);
	CHECK_EQ(flags, 0);
	CHECK_EQ(acpi_irq_to_gsi(&ai, 9, &flags), 9);
	CHECK_EQ(flags, 0x000d);
	flags = 0xffff;
	CHECK_EQ(acpi_irq_to_gsi(&ai, 4, &flags), 4);
	CHECK_EQ(flags, 0);
	CHECK_EQ(acpi_irq_to_gsi(&ai, 1, NULL), 1);

	memset(&ai, 0, sizeof(ai));
	CHECK_EQ(acpi_irq_to_gsi(&ai, 0, &flags), 0);
	CHECK_EQ(flags, 0);
}

static const struct unit_case cases[] = {
	{ "find_bios_area", test_find_bios_area },
	{ "find_ebda", test_find_ebda },
	{ "find_hint", test_find_hint },
	{ "find_none", test_find_none },
	{ "parse_rsdt_rev0", test_parse_rsdt_rev0 },
	{ "parse_xsdt_rev2", test_parse_xsdt_rev2 },
	{ "xsdt_fallback", test_xsdt_fallback },
	{ "madt_entries", test_madt_entries },
	{ "madt_malformed", test_madt_malformed },
	{ "madt_limits", test_madt_limits },
	{ "s5_encodings", test_s5_encodings },
	{ "s5_lookalikes", test_s5_lookalikes },
	{ "s5_truncated", test_s5_truncated },
	{ "bad_checksum_skipped", test_bad_checksum_skipped },
	{ "truncated_tables", test_truncated_tables },
	{ "bad_root", test_bad_root },
	{ "unsupported_spaces", test_unsupported_spaces },
	{ "irq_to_gsi", test_irq_to_gsi },
};

UNIT_MAIN(cases)
