/*
 * Xen 4.17's ACPI tables for a PVH dom0 carry one defect on some hosts.
 * Xen writes dom0 its own RSDP, XSDT and MADT (in a range it marks ACPI in
 * dom0's memory map) and takes the XSDT's 36-byte header from the host's
 * XSDT. A host whose firmware has only an RSDT (QEMU's SeaBIOS: RSDP
 * revision 0) has no XSDT address, so Xen copies the header from
 * physical address 0, the real-mode interrupt table: signature and OEM
 * fields are garbage, while length, revision, checksum and the entries are
 * Xen's own and right. (Xen later copies the RSDT's header instead.)
 *
 * The ACPI parser rightly refuses a root table without its signature, so
 * the PVH backend repairs that one table, in dom0's own memory, before the
 * parser runs: only when the RSDP is revision 2 or later, the XSDT lies
 * wholly in an ACPI range of the memory map, its length is a header plus
 * whole 8-byte entries and its checksum holds as Xen left it.
 */
#define pr_fmt(fmt) "xen-pvh: " fmt

#include <kernel/printk.h>
#include <kernel/string.h>

#include "xen-ops.h"

#define RSDP_REVISION 15 /* byte offsets in the RSDP */
#define RSDP_XSDT     24
#define RSDP_SIZE     36
#define SDT_LENGTH    4 /* and in a table header */
#define SDT_CHECKSUM  9
#define SDT_HDR_SIZE  36
#define XSDT_MAX_LEN  4096 /* Xen's holds a few dozen entries at most */

static bool in_acpi_range(const struct boot_info *bi, u64 pa, u64 len)
{
	for (u32 i = 0; i < bi->nr_mem && i < BOOT_MAX_MEMRANGES; i++) {
		const struct boot_memrange *r = &bi->mem[i];

		if (r->type == BOOT_MEM_ACPI && pa >= r->base && len <= r->len &&
		    pa - r->base <= r->len - len)
			return true;
	}
	return false;
}

static u8 sum(const u8 *p, u32 n)
{
	u8 s = 0;

	while (n--)
		s += *p++;
	return s;
}

int xen_pvh_acpi_fixup(const struct boot_info *bi, void *(*map)(u64 pa, u64 len))
{
	const u8 *rsdp;
	u8 *xsdt;
	u64 xsdt_pa;
	u32 len;

	if (!bi->acpi_rsdp || !(rsdp = map(bi->acpi_rsdp, RSDP_SIZE)))
		return 0;
	if (memcmp(rsdp, "RSD PTR ", 8) || rsdp[RSDP_REVISION] < 2)
		return 0;
	memcpy(&xsdt_pa, rsdp + RSDP_XSDT, 8);
	if (!xsdt_pa || !in_acpi_range(bi, xsdt_pa, SDT_HDR_SIZE) || !(xsdt = map(xsdt_pa, SDT_HDR_SIZE)))
		return 0;
	if (!memcmp(xsdt, "XSDT", 4))
		return 0; /* nothing to repair */
	memcpy(&len, xsdt + SDT_LENGTH, 4);
	if (len < SDT_HDR_SIZE || len > XSDT_MAX_LEN || (len - SDT_HDR_SIZE) % 8 ||
	    !in_acpi_range(bi, xsdt_pa, len) || !(xsdt = map(xsdt_pa, len)) || sum(xsdt, len))
		return 0; /* not the table Xen made: leave it to the parser */

	/* Keep the sum at zero: what the new signature adds, the checksum gives back. */
	xsdt[SDT_CHECKSUM] += sum(xsdt, 4);
	memcpy(xsdt, "XSDT", 4);
	xsdt[SDT_CHECKSUM] -= sum(xsdt, 4);
	pr_info("repaired the signature of Xen's XSDT at %#llx (header copied from address 0: the host has only an RSDT)\n",
		(unsigned long long)xsdt_pa);
	return 1;
}
