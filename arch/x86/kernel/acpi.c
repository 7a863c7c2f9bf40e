/* ACPI tables: RSDP search and MADT, FADT, DSDT and HPET parsing (\_S5_ in acpi_aml.c). */
#define pr_fmt(fmt) "acpi: " fmt

#include <asm/acpi.h>
#include <kernel/bootinfo.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/types.h>

/*
 * Firmware tables are untrusted input: every field is copied out with
 * memcpy (tables are byte-packed, so fields are often misaligned), every
 * length is checked against what was actually read, and a pointer from
 * read() is never used after the next call to read(), since an early
 * boot reader may map through a single reused window.
 */

#define RSDP_SIG	"RSD PTR "
#define RSDP_V1_LEN	20   /* bytes covered by the first checksum */
#define RSDP_MAX_LEN	4096 /* far above the 36 any revision uses */
#define EBDA_SEG_PTR	0x40e
#define EBDA_SCAN_LEN	1024
#define EBDA_LIMIT	0xa0000 /* conventional memory ends here */
#define BIOS_AREA_START 0xe0000
#define BIOS_AREA_END	0x100000

#define SDT_HDR_LEN 36
#define SDT_MAX_LEN (1u << 20)

#define ACPI_SPACE_MEM 0
#define ACPI_SPACE_IO  1

#define MADT_PCAT_COMPAT     (1u << 0)
#define MADT_LAPIC	     0
#define MADT_IOAPIC	     1
#define MADT_OVERRIDE	     2
#define MADT_LAPIC_ADDR	     5
#define MADT_X2APIC	     9
#define LAPIC_ENABLED	     (1u << 0)
#define LAPIC_ONLINE_CAPABLE (1u << 1)

#define FADT_TMR_VAL_EXT   (1u << 8)
#define FADT_RESET_REG_SUP (1u << 10)

/* Layouts from the ACPI specification (section 5.2). */
struct acpi_rsdp {
	char sig[8];
	u8 checksum;
	char oem_id[6];
	u8 revision;
	u32 rsdt_addr;
	/* Revision 2 and later. */
	u32 length;
	u64 xsdt_addr;
	u8 ext_checksum;
	u8 reserved[3];
} __packed;

struct acpi_sdt_hdr {
	char sig[4];
	u32 length;
	u8 revision;
	u8 checksum;
	char oem_id[6];
	char oem_table_id[8];
	u32 oem_revision;
	u32 creator_id;
	u32 creator_revision;
} __packed;

struct acpi_gas_raw {
	u8 space;
	u8 bit_width;
	u8 bit_offset;
	u8 access_size;
	u64 addr;
} __packed;

struct acpi_madt {
	struct acpi_sdt_hdr hdr;
	u32 lapic_addr;
	u32 flags;
} __packed;

struct madt_lapic {
	u8 type;
	u8 length;
	u8 acpi_uid;
	u8 apic_id;
	u32 flags;
} __packed;

/* A processor whose APIC ID may not fit a byte (Xen lists its PVH dom0's vCPUs so). */
struct madt_x2apic {
	u8 type;
	u8 length;
	u16 reserved;
	u32 x2apic_id;
	u32 flags;
	u32 acpi_uid;
} __packed;

struct madt_ioapic {
	u8 type;
	u8 length;
	u8 id;
	u8 reserved;
	u32 addr;
	u32 gsi_base;
} __packed;

struct madt_override {
	u8 type;
	u8 length;
	u8 bus;
	u8 source;
	u32 gsi;
	u16 flags;
} __packed;

struct madt_lapic_addr {
	u8 type;
	u8 length;
	u16 reserved;
	u64 addr;
} __packed;

struct acpi_fadt {
	struct acpi_sdt_hdr hdr;
	u32 firmware_ctrl, dsdt;
	u8 reserved0, pm_profile;
	u16 sci_int;
	u32 smi_cmd;
	u8 acpi_enable, acpi_disable, s4bios_req, pstate_cnt;
	u32 pm1a_evt_blk, pm1b_evt_blk, pm1a_cnt_blk, pm1b_cnt_blk;
	u32 pm2_cnt_blk, pm_tmr_blk, gpe0_blk, gpe1_blk;
	u8 pm1_evt_len, pm1_cnt_len, pm2_cnt_len, pm_tmr_len;
	u8 gpe0_blk_len, gpe1_blk_len, gpe1_base, cst_cnt;
	u16 p_lvl2_lat, p_lvl3_lat, flush_size, flush_stride;
	u8 duty_offset, duty_width, day_alrm, mon_alrm, century;
	u16 iapc_boot_arch;
	u8 reserved1;
	u32 flags;
	struct acpi_gas_raw reset_reg;
	u8 reset_value;
	u16 arm_boot_arch;
	u8 minor_version;
	u64 x_firmware_ctrl, x_dsdt;
	struct acpi_gas_raw x_pm1a_evt_blk, x_pm1b_evt_blk;
	struct acpi_gas_raw x_pm1a_cnt_blk, x_pm1b_cnt_blk;
	struct acpi_gas_raw x_pm2_cnt_blk, x_pm_tmr_blk;
	struct acpi_gas_raw x_gpe0_blk, x_gpe1_blk;
	struct acpi_gas_raw sleep_control_reg, sleep_status_reg;
	u64 hypervisor_vendor_id;
} __packed;

struct acpi_hpet {
	struct acpi_sdt_hdr hdr;
	u32 block_id;
	struct acpi_gas_raw base;
	u8 number;
	u16 min_tick;
	u8 page_protection;
} __packed;

_Static_assert(sizeof(struct acpi_rsdp) == 36, "RSDP layout");
_Static_assert(sizeof(struct acpi_sdt_hdr) == SDT_HDR_LEN, "SDT header layout");
_Static_assert(sizeof(struct acpi_madt) == 44, "MADT layout");
_Static_assert(offsetof(struct acpi_fadt, flags) == 112, "FADT layout");
_Static_assert(offsetof(struct acpi_fadt, reset_reg) == 116, "FADT layout");
_Static_assert(offsetof(struct acpi_fadt, x_dsdt) == 140, "FADT layout");
_Static_assert(offsetof(struct acpi_fadt, x_pm1a_cnt_blk) == 172,
	       "FADT layout");
_Static_assert(offsetof(struct acpi_fadt, x_pm_tmr_blk) == 208, "FADT layout");
_Static_assert(sizeof(struct acpi_fadt) == 276, "FADT layout");
_Static_assert(sizeof(struct acpi_hpet) == 56, "HPET layout");

/* Older FADTs are shorter: a field counts only if the table holds all of it. */
#define FADT_HAS(len, field)                          \
	((len) >= offsetof(struct acpi_fadt, field) + \
			  sizeof(((struct acpi_fadt *)0)->field))

struct parse_state {
	struct acpi_info *ai;
	boot_phys_reader read;
	bool have_madt, have_fadt, have_hpet;
	u32 cpus_dropped, ioapics_dropped, overrides_dropped;
};

static u8 sum_bytes(const u8 *p, u64 len)
{
	u8 sum = 0;

	while (len--)
		sum += *p++;
	return sum;
}

/* Signatures come from firmware, so keep them printable. */
static void sig_str(char out[5], const char *sig)
{
	for (int i = 0; i < 4; i++) {
		u8 c = (u8)sig[i];

		out[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	out[4] = '\0';
}

static bool rsdp_at(boot_phys_reader read, u64 pa)
{
	const u8 *p = read(pa, RSDP_V1_LEN);

	return p && !memcmp(p, RSDP_SIG, 8) && sum_bytes(p, RSDP_V1_LEN) == 0;
}

/* Scans [start, start + len) on 16-byte boundaries for a valid RSDP. */
static bool scan_for_rsdp(boot_phys_reader read, u64 start, u64 len, u64 *found)
{
	const u8 *p = read(start, len);

	if (!p)
		return false;
	for (u64 off = 0; off + 8 <= len; off += 16) {
		if (memcmp(p + off, RSDP_SIG, 8))
			continue;
		if (off + RSDP_V1_LEN <= len) {
			if (sum_bytes(p + off, RSDP_V1_LEN) == 0) {
				*found = start + off;
				return true;
			}
			continue;
		}
		/*
		 * The last slot's checksum range runs past the window. Reading
		 * it separately may invalidate p, which is fine: no slot
		 * follows it.
		 */
		if (rsdp_at(read, start + off)) {
			*found = start + off;
			return true;
		}
		return false;
	}
	return false;
}

int acpi_find_rsdp(boot_phys_reader read, u64 hint, u64 *rsdp_pa)
{
	const u8 *p;

	if (hint) {
		if (rsdp_at(read, hint)) {
			*rsdp_pa = hint;
			return 0;
		}
		pr_warn("no valid RSDP at the boot loader's address %#llx, scanning\n",
			(unsigned long long)hint);
	}

	p = read(EBDA_SEG_PTR, 2);
	if (p) {
		u16 seg;
		u64 ebda;

		memcpy(&seg, p, sizeof(seg));
		ebda = (u64)seg << 4;
		/* A garbage pointer must not send the scan outside low memory. */
		if (ebda && ebda + EBDA_SCAN_LEN <= EBDA_LIMIT &&
		    scan_for_rsdp(read, ebda, EBDA_SCAN_LEN, rsdp_pa))
			return 0;
	}

	if (scan_for_rsdp(read, BIOS_AREA_START,
			  BIOS_AREA_END - BIOS_AREA_START, rsdp_pa))
		return 0;
	return -ENOENT;
}

/*
 * Reads the table at pa that should carry signature sig: the header first
 * to learn the length, then the whole table, checksummed. NULL (after a
 * warning naming the table) when it is unusable.
 */
static const u8 *load_table(boot_phys_reader read, u64 pa, const char *sig,
			    u32 *lenp)
{
	unsigned long long upa = pa;
	struct acpi_sdt_hdr hdr;
	const u8 *p;
	char found[5];

	p = read(pa, sizeof(hdr));
	if (!p) {
		pr_warn("%s at %#llx: header unreadable, skipped\n", sig, upa);
		return NULL;
	}
	memcpy(&hdr, p, sizeof(hdr));
	if (memcmp(hdr.sig, sig, 4)) {
		sig_str(found, hdr.sig);
		pr_warn("%s at %#llx: signature is '%s', skipped\n", sig, upa,
			found);
		return NULL;
	}
	if (hdr.length < SDT_HDR_LEN || hdr.length > SDT_MAX_LEN ||
	    pa > ~0ULL - hdr.length) {
		pr_warn("%s at %#llx: impossible length %u, skipped\n", sig, upa,
			hdr.length);
		return NULL;
	}
	p = read(pa, hdr.length);
	if (!p) {
		pr_warn("%s at %#llx: %u bytes unreadable (truncated?), skipped\n",
			sig, upa, hdr.length);
		return NULL;
	}
	if (sum_bytes(p, hdr.length)) {
		pr_warn("%s at %#llx: bad checksum, skipped\n", sig, upa);
		return NULL;
	}
	*lenp = hdr.length;
	return p;
}

/* A processor entry (local APIC or local x2APIC): kept if usable and there is room. */
static void madt_cpu(struct parse_state *st, u32 apic_id, u32 flags)
{
	struct acpi_info *ai = st->ai;

	if (!(flags & (LAPIC_ENABLED | LAPIC_ONLINE_CAPABLE)))
		return;
	if (ai->nr_cpus >= ACPI_MAX_CPUS) {
		st->cpus_dropped++;
		return;
	}
	ai->cpu_apic_id[ai->nr_cpus++] = apic_id;
}

static void madt_entry(struct parse_state *st, const u8 *e, u32 elen, u32 off)
{
	struct acpi_info *ai = st->ai;
	u8 type = e[0];

	switch (type) {
	case MADT_LAPIC: {
		struct madt_lapic l;

		if (elen < sizeof(l))
			break;
		memcpy(&l, e, sizeof(l));
		madt_cpu(st, l.apic_id, l.flags);
		return;
	}
	case MADT_X2APIC: {
		struct madt_x2apic x;

		if (elen < sizeof(x))
			break;
		memcpy(&x, e, sizeof(x));
		madt_cpu(st, x.x2apic_id, x.flags);
		return;
	}
	case MADT_IOAPIC: {
		struct madt_ioapic io;
		struct acpi_ioapic *dst;

		if (elen < sizeof(io))
			break;
		memcpy(&io, e, sizeof(io));
		if (ai->nr_ioapics >= ACPI_MAX_IOAPICS) {
			st->ioapics_dropped++;
			return;
		}
		dst = &ai->ioapic[ai->nr_ioapics++];
		dst->id = io.id;
		dst->addr = io.addr;
		dst->gsi_base = io.gsi_base;
		return;
	}
	case MADT_OVERRIDE: {
		struct madt_override ov;
		struct acpi_override *dst;

		if (elen < sizeof(ov))
			break;
		memcpy(&ov, e, sizeof(ov));
		/* The specification defines bus 0 (ISA) only. */
		if (ov.bus != 0) {
			pr_warn("MADT override for bus %u IRQ %u ignored\n",
				ov.bus, ov.source);
			return;
		}
		if (ai->nr_overrides >= ACPI_MAX_OVERRIDES) {
			st->overrides_dropped++;
			return;
		}
		dst = &ai->override[ai->nr_overrides++];
		dst->irq = ov.source;
		dst->gsi = ov.gsi;
		dst->flags = ov.flags;
		return;
	}
	case MADT_LAPIC_ADDR: {
		struct madt_lapic_addr la;

		if (elen < sizeof(la))
			break;
		memcpy(&la, e, sizeof(la));
		ai->lapic_addr = la.addr;
		return;
	}
	default:
		/* NMI sources and the rest are not needed yet. */
		return;
	}
	pr_warn("MADT entry type %u at offset %u too short (%u bytes), skipped\n",
		type, off, elen);
}

static void parse_madt(struct parse_state *st, u64 pa)
{
	struct acpi_info *ai = st->ai;
	struct acpi_madt m;
	const u8 *p;
	u32 len, off, elen;

	p = load_table(st->read, pa, "APIC", &len);
	if (!p)
		return;
	if (len < sizeof(m)) {
		pr_warn("APIC at %#llx: %u bytes is too short for a MADT, skipped\n",
			(unsigned long long)pa, len);
		return;
	}
	memcpy(&m, p, sizeof(m));
	st->have_madt = true;
	ai->lapic_addr = m.lapic_addr;
	ai->pcat_compat = m.flags & MADT_PCAT_COMPAT;

	for (off = sizeof(m); off < len; off += elen) {
		elen = len - off >= 2 ? p[off + 1] : 0;
		if (elen < 2 || elen > len - off) {
			pr_warn("MADT entry at offset %u has bad length %u, ignoring the rest\n",
				off, elen);
			break;
		}
		madt_entry(st, p + off, elen, off);
	}

	if (st->cpus_dropped)
		pr_warn("%u CPUs beyond the limit of %u ignored\n",
			st->cpus_dropped, ACPI_MAX_CPUS);
	if (st->ioapics_dropped)
		pr_warn("%u I/O APICs beyond the limit of %u ignored\n",
			st->ioapics_dropped, ACPI_MAX_IOAPICS);
	if (st->overrides_dropped)
		pr_warn("%u IRQ overrides beyond the limit of %u ignored\n",
			st->overrides_dropped, ACPI_MAX_OVERRIDES);
}

static void parse_dsdt(struct parse_state *st, u64 pa)
{
	struct acpi_info *ai = st->ai;
	const u8 *p;
	u32 len;

	p = load_table(st->read, pa, "DSDT", &len);
	if (!p)
		return;
	ai->s5_valid = acpi_aml_find_s5(p + SDT_HDR_LEN, len - SDT_HDR_LEN, &ai->slp_typa,
					&ai->slp_typb);
}

/*
 * An I/O port block: the 64-bit X_ field wins when present, else the
 * 32-bit field, which is system I/O by definition.
 */
static u32 fadt_io_block(const char *what, const struct acpi_gas_raw *x,
			 bool have_x, u32 legacy)
{
	if (!have_x || !x->addr)
		return legacy;
	if (x->space == ACPI_SPACE_IO && x->addr <= 0xffff)
		return (u32)x->addr;
	pr_warn("%s block at %#llx in address space %u not supported\n", what,
		(unsigned long long)x->addr, x->space);
	return 0;
}

static void parse_fadt(struct parse_state *st, u64 pa)
{
	struct acpi_info *ai = st->ai;
	struct acpi_fadt f;
	const u8 *p;
	u64 dsdt;
	u32 len;

	p = load_table(st->read, pa, "FACP", &len);
	if (!p)
		return;
	/* Fields past the end of a short FADT read as zero, meaning absent. */
	memset(&f, 0, sizeof(f));
	memcpy(&f, p, MIN(len, (u32)sizeof(f)));
	st->have_fadt = true;

	ai->sci_irq = f.sci_int;
	ai->smi_cmd = f.smi_cmd;
	ai->acpi_enable_val = f.acpi_enable;
	ai->pm1a_cnt = fadt_io_block("PM1a control", &f.x_pm1a_cnt_blk,
				     FADT_HAS(len, x_pm1a_cnt_blk),
				     f.pm1a_cnt_blk);
	ai->pm1b_cnt = fadt_io_block("PM1b control", &f.x_pm1b_cnt_blk,
				     FADT_HAS(len, x_pm1b_cnt_blk),
				     f.pm1b_cnt_blk);
	ai->pm_tmr_port = fadt_io_block("PM timer", &f.x_pm_tmr_blk,
					FADT_HAS(len, x_pm_tmr_blk),
					f.pm_tmr_blk);
	ai->pm_tmr_32bit = f.flags & FADT_TMR_VAL_EXT;

	if (FADT_HAS(len, reset_value)) {
		struct acpi_gas *r = &ai->reset_reg;

		r->space = f.reset_reg.space;
		r->bit_width = f.reset_reg.bit_width;
		r->addr = f.reset_reg.addr;
		r->valid = r->addr && (r->space == ACPI_SPACE_MEM ||
				       r->space == ACPI_SPACE_IO);
		ai->reset_value = f.reset_value;
		ai->reset_supported = f.flags & FADT_RESET_REG_SUP;
		if (ai->reset_supported && r->addr && !r->valid)
			pr_warn("reset register in address space %u not supported\n",
				r->space);
	}

	dsdt = FADT_HAS(len, x_dsdt) && f.x_dsdt ? f.x_dsdt : f.dsdt;
	/* p is dead from here: reading the DSDT may reuse its mapping. */
	if (dsdt)
		parse_dsdt(st, dsdt);
	else
		pr_warn("FADT names no DSDT\n");
}

static void parse_hpet(struct parse_state *st, u64 pa)
{
	struct acpi_hpet h;
	const u8 *p;
	u32 len;

	p = load_table(st->read, pa, "HPET", &len);
	if (!p)
		return;
	if (len < offsetof(struct acpi_hpet, number)) {
		pr_warn("HPET at %#llx: %u bytes is too short, skipped\n",
			(unsigned long long)pa, len);
		return;
	}
	memset(&h, 0, sizeof(h));
	memcpy(&h, p, MIN(len, (u32)sizeof(h)));
	st->have_hpet = true;
	if (h.base.space != ACPI_SPACE_MEM) {
		pr_warn("HPET in address space %u not supported\n", h.base.space);
		return;
	}
	st->ai->hpet_addr = h.base.addr;
}

/* Hands a table the RSDT/XSDT names to its parser; the first of a kind wins. */
static void parse_table(struct parse_state *st, u64 pa)
{
	const char *sig;

	if (!pa)
		return;
	sig = st->read(pa, 4);
	if (!sig) {
		pr_warn("table at %#llx unreadable, skipped\n",
			(unsigned long long)pa);
		return;
	}
	if (!memcmp(sig, "APIC", 4) && !st->have_madt)
		parse_madt(st, pa);
	else if (!memcmp(sig, "FACP", 4) && !st->have_fadt)
		parse_fadt(st, pa);
	else if (!memcmp(sig, "HPET", 4) && !st->have_hpet)
		parse_hpet(st, pa);
}

/*
 * Walks an RSDT (4-byte entries) or XSDT (8-byte entries); -EINVAL only if
 * the root table itself is unusable.
 */
static int walk_root(struct parse_state *st, u64 pa, const char *sig,
		     u32 entry_size)
{
	const u8 *p;
	u32 len, n;

	p = load_table(st->read, pa, sig, &len);
	if (!p)
		return -EINVAL;
	n = (len - SDT_HDR_LEN) / entry_size;
	for (u32 i = 0; i < n; i++) {
		u64 entry_pa = pa + SDT_HDR_LEN + (u64)i * entry_size;
		u64 table = 0;

		/* Re-read: parsing the last table may have unmapped the root. */
		p = st->read(entry_pa, entry_size);
		if (!p) {
			pr_warn("%s entry %u unreadable, skipped\n", sig, i);
			continue;
		}
		memcpy(&table, p, entry_size);
		parse_table(st, table);
	}
	return 0;
}

static int parse_fail(const char **err, const char *msg)
{
	if (err)
		*err = msg;
	return -EINVAL;
}

int acpi_parse(struct acpi_info *ai, u64 rsdp_pa, boot_phys_reader read,
	       const char **err)
{
	struct parse_state st = { .ai = ai, .read = read };
	struct acpi_rsdp r;
	const u8 *p;
	u64 xsdt = 0;
	int ret = -EINVAL;
	int i;

	memset(ai, 0, sizeof(*ai));
	ai->rsdp_pa = rsdp_pa;

	memset(&r, 0, sizeof(r));
	p = read(rsdp_pa, RSDP_V1_LEN);
	if (!p)
		return parse_fail(err, "RSDP unreadable");
	memcpy(&r, p, RSDP_V1_LEN);
	if (memcmp(r.sig, RSDP_SIG, 8))
		return parse_fail(err, "RSDP signature mismatch");
	if (sum_bytes(p, RSDP_V1_LEN))
		return parse_fail(err, "RSDP checksum mismatch");

	ai->revision = r.revision;
	/* Printable, without the padding spaces firmware pads OEM IDs with. */
	for (i = 0; i < 6; i++) {
		u8 c = (u8)r.oem_id[i];

		ai->oem_id[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	while (i > 0 && ai->oem_id[i - 1] == ' ')
		i--;
	ai->oem_id[i] = '\0';

	if (r.revision >= 2) {
		bool ext_ok = false;

		p = read(rsdp_pa, sizeof(r));
		if (p) {
			memcpy(&r, p, sizeof(r));
			if (r.length >= sizeof(r) && r.length <= RSDP_MAX_LEN) {
				p = read(rsdp_pa, r.length);
				ext_ok = p && sum_bytes(p, r.length) == 0;
			}
		}
		if (ext_ok)
			xsdt = r.xsdt_addr;
		else
			pr_warn("RSDP revision %u but its extended part is unreadable or bad, XSDT ignored\n",
				r.revision);
	}

	if (xsdt)
		ret = walk_root(&st, xsdt, "XSDT", 8);
	if (ret && r.rsdt_addr) {
		if (xsdt)
			pr_warn("falling back to the RSDT\n");
		ret = walk_root(&st, r.rsdt_addr, "RSDT", 4);
	}
	if (ret)
		return parse_fail(err, "no usable RSDT or XSDT");

	pr_info("OEM '%s' rev %u: %u CPUs, %u I/O APICs, %u IRQ overrides, S5 %s, reset %s, HPET %s\n",
		ai->oem_id, ai->revision, ai->nr_cpus, ai->nr_ioapics,
		ai->nr_overrides, ai->s5_valid ? "yes" : "no",
		ai->reset_supported && ai->reset_reg.valid ? "yes" : "no",
		ai->hpet_addr ? "yes" : "no");
	return 0;
}

u32 acpi_irq_to_gsi(const struct acpi_info *ai, u8 irq, u16 *flags)
{
	u32 n = MIN(ai->nr_overrides, (u32)ACPI_MAX_OVERRIDES);

	for (u32 i = 0; i < n; i++) {
		if (ai->override[i].irq == irq) {
			if (flags)
				*flags = ai->override[i].flags;
			return ai->override[i].gsi;
		}
	}
	if (flags)
		*flags = 0;
	return irq;
}
