/* Loader-independent boot information: warnings and memory map cleanup. */
#include <kernel/bootinfo.h>
#include <kernel/compiler.h>
#include <kernel/types.h>

#define MEM_PAGE 4096ULL
#define U64_MAX	 (~0ULL)

void bootinfo_warn(struct boot_info *bi, const char *msg)
{
	u32 max = ARRAY_SIZE(bi->warnings);

	/* Static strings only, so a repeated problem compares equal. */
	for (u32 i = 0; i < bi->nr_warnings && i < max; i++)
		if (bi->warnings[i] == msg)
			return;
	if (bi->nr_warnings < max) {
		bi->warnings[bi->nr_warnings++] = msg;
		return;
	}
	/* Keep the count bounded; the reader loops over warnings[]. */
	bi->nr_warnings = max;
	bi->warnings[max - 1] = "more boot warnings were dropped";
}

/*
 * Overlaps are decided by rank: a range of higher rank wins the bytes it
 * shares with one of lower rank. ACPI tables become usable once parsed, so
 * they lose against firmware-reserved areas; bad RAM loses to nothing.
 */
static int type_rank(u32 type)
{
	switch (type) {
	case BOOT_MEM_USABLE:
		return 0;
	case BOOT_MEM_ACPI:
		return 1;
	case BOOT_MEM_RESERVED:
		return 2;
	case BOOT_MEM_NVS:
		return 3;
	case BOOT_MEM_BAD:
		return 4;
	default:
		return 2;
	}
}

static u32 normal_type(u32 type)
{
	if (type >= BOOT_MEM_USABLE && type <= BOOT_MEM_BAD)
		return type;
	return BOOT_MEM_RESERVED;
}

struct piece {
	u64 start;
	u64 end; /* exclusive; U64_MAX is the highest end kept */
	u32 type;
};

/*
 * Scratch space for the sweep. Splitting can double the number of ranges
 * before trimming, so it does not fit in bi->mem; and the early boot stack
 * is too small to hold it. Only the boot CPU runs this, once.
 */
static struct {
	struct piece in[BOOT_MAX_MEMRANGES];
	u64 points[2 * BOOT_MAX_MEMRANGES];
	struct piece out[2 * BOOT_MAX_MEMRANGES];
} scratch;

static void sort_points(u64 *p, u32 n)
{
	for (u32 i = 1; i < n; i++) {
		u64 v = p[i];
		u32 j = i;

		while (j > 0 && p[j - 1] > v) {
			p[j] = p[j - 1];
			j--;
		}
		p[j] = v;
	}
}

/* Removes out[idx] and returns the new count. */
static u32 drop_piece(struct piece *out, u32 n, u32 idx)
{
	for (u32 i = idx; i + 1 < n; i++)
		out[i] = out[i + 1];
	return n - 1;
}

/* The smallest piece, usable ones first: losing RAM is safe, a hole too. */
static u32 smallest_piece(const struct piece *out, u32 n)
{
	u32 best = n;

	for (int pass = 0; pass < 2 && best == n; pass++) {
		for (u32 i = 0; i < n; i++) {
			bool usable = out[i].type == BOOT_MEM_USABLE;

			if (pass == 0 && !usable)
				continue;
			if (best == n || out[i].end - out[i].start <
						 out[best].end - out[best].start)
				best = i;
		}
	}
	return best;
}

void bootinfo_sanitize_memmap(struct boot_info *bi)
{
	struct piece *in = scratch.in, *out = scratch.out;
	u64 *points = scratch.points;
	u32 nin = 0, npts = 0, nout = 0;

	if (bi->nr_mem > BOOT_MAX_MEMRANGES) {
		bootinfo_warn(bi, "memory map count out of range, truncated");
		bi->nr_mem = BOOT_MAX_MEMRANGES;
	}

	for (u32 i = 0; i < bi->nr_mem; i++) {
		const struct boot_memrange *r = &bi->mem[i];
		u64 end;

		if (r->len == 0)
			continue;
		/*
		 * An end of exactly 2^64 cannot be represented; losing the
		 * top byte of the address space costs nothing.
		 */
		if (r->len > U64_MAX - r->base) {
			bootinfo_warn(bi, "memory range past the top of the address space clipped");
			end = U64_MAX;
		} else {
			end = r->base + r->len;
		}
		if (end <= r->base)
			continue;
		in[nin].start = r->base;
		in[nin].end = end;
		in[nin].type = normal_type(r->type);
		points[npts++] = r->base;
		points[npts++] = end;
		nin++;
	}

	sort_points(points, npts);

	/*
	 * Between two consecutive boundaries every range either covers the
	 * whole interval or none of it, so one winner per interval suffices.
	 */
	for (u32 k = 0; k + 1 < npts; k++) {
		u64 a = points[k], b = points[k + 1];
		int best_rank = -1;
		u32 type = 0;

		if (a == b)
			continue;
		for (u32 i = 0; i < nin; i++) {
			if (in[i].start <= a && in[i].end >= b &&
			    type_rank(in[i].type) > best_rank) {
				best_rank = type_rank(in[i].type);
				type = in[i].type;
			}
		}
		if (best_rank < 0)
			continue;
		if (nout > 0 && out[nout - 1].end == a &&
		    out[nout - 1].type == type) {
			out[nout - 1].end = b;
			continue;
		}
		out[nout].start = a;
		out[nout].end = b;
		out[nout].type = type;
		nout++;
	}

	/* Trimming comes after merging so split pages rejoin first. */
	for (u32 i = 0; i < nout;) {
		struct piece *p = &out[i];

		if (p->type == BOOT_MEM_USABLE) {
			u64 start = U64_MAX, end = ALIGN_DOWN(p->end, MEM_PAGE);

			if (p->start <= U64_MAX - (MEM_PAGE - 1))
				start = ALIGN_UP(p->start, MEM_PAGE);
			if (start >= end) {
				nout = drop_piece(out, nout, i);
				continue;
			}
			p->start = start;
			p->end = end;
		}
		i++;
	}

	if (nout > BOOT_MAX_MEMRANGES)
		bootinfo_warn(bi, "memory map too fragmented, smallest ranges dropped");
	while (nout > BOOT_MAX_MEMRANGES)
		nout = drop_piece(out, nout, smallest_piece(out, nout));

	for (u32 i = 0; i < nout; i++) {
		bi->mem[i].base = out[i].start;
		bi->mem[i].len = out[i].end - out[i].start;
		bi->mem[i].type = out[i].type;
	}
	bi->nr_mem = nout;
}

u64 bootinfo_usable_bytes(const struct boot_info *bi)
{
	u32 n = MIN(bi->nr_mem, (u32)BOOT_MAX_MEMRANGES);
	u64 sum = 0;

	for (u32 i = 0; i < n; i++) {
		if (bi->mem[i].type != BOOT_MEM_USABLE)
			continue;
		/* Saturate: an unsanitized map may count bytes twice. */
		if (bi->mem[i].len > U64_MAX - sum)
			return U64_MAX;
		sum += bi->mem[i].len;
	}
	return sum;
}
