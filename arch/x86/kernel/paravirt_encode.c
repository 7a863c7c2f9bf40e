/*
 * Encoding a patched pv_ops site: the replacement instruction(s) followed
 * by a single NOP of whatever length is left, or, beyond the longest NOP,
 * a short jmp over the rest, so a patched site costs at most one extra
 * instruction (a call in a 6-byte site needs none). Pure code,
 * unit-tested on the host.
 */
#include <asm/text-patching.h>
#include <kernel/errno.h>
#include <kernel/string.h>

/* The recommended multi-byte NOPs (0f 1f /0 with growing addressing forms). */
static const u8 nops[9][8] = {
	{ 0 },
	{ 0x90 },
	{ 0x66, 0x90 },
	{ 0x0f, 0x1f, 0x00 },
	{ 0x0f, 0x1f, 0x40, 0x00 },
	{ 0x0f, 0x1f, 0x44, 0x00, 0x00 },
	{ 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
	{ 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 },
	{ 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
};

void pv_encode_nop(u8 *buf, unsigned int len)
{
	memcpy(buf, nops[len], len);
}

/* One instruction of padding: a NOP up to 8 bytes, else jmp rel8 over int3s. */
static void pad(u8 *buf, unsigned int len)
{
	if (len <= 8) {
		pv_encode_nop(buf, len);
		return;
	}
	buf[0] = 0xeb;
	buf[1] = (u8)(len - 2);
	memset(buf + 2, 0xcc, len - 2);
}

int pv_encode_site(u8 *buf, unsigned int site_len, u64 site_addr, enum pv_patch_kind kind,
		   const u8 *insn, unsigned int insn_len, u64 target)
{
	u8 tmp[PV_SITE_MAX];
	unsigned int used = 0;

	if (site_len > PV_SITE_MAX)
		return -E2BIG;
	switch (kind) {
	case PV_PATCH_INLINE:
		if (insn_len > site_len)
			return -E2BIG;
		memcpy(tmp, insn, insn_len);
		used = insn_len;
		break;
	case PV_PATCH_CALL: {
		/*
		 * A 6-byte site takes the call with a CS segment prefix, which
		 * 64-bit mode ignores: one instruction, where call + NOP would
		 * be two.
		 */
		unsigned int pfx = site_len >= 6 ? 1 : 0;
		s64 disp = (s64)(target - (site_addr + pfx + 5));

		if (site_len < 5)
			return -E2BIG;
		if (disp != (s32)disp)
			return -ERANGE;
		if (pfx)
			tmp[0] = 0x2e;
		tmp[pfx] = 0xe8;
		tmp[pfx + 1] = (u8)disp;
		tmp[pfx + 2] = (u8)(disp >> 8);
		tmp[pfx + 3] = (u8)(disp >> 16);
		tmp[pfx + 4] = (u8)(disp >> 24);
		used = pfx + 5;
		break;
	}
	case PV_PATCH_NOP:
		break;
	default:
		return -EINVAL;
	}
	pad(tmp + used, site_len - used);
	memcpy(buf, tmp, site_len);
	return 0;
}
