/* Host tests of the pv_ops site encoder: displacements, NOP padding, refusals. */
#include <asm/text-patching.h>
#include <kernel/errno.h>

#include "unit.h"

static const u8 cli[] = { 0xfa };
static const u8 pushf_pop[] = { 0x9c, 0x58 };
static const u8 mov_cr2[] = { 0x0f, 0x20, 0xd0 };

static void test_inline_padding(void)
{
	u8 buf[6];

	memset(buf, 0xcc, sizeof(buf));
	CHECK_EQ(pv_encode_site(buf, 6, 0x1000, PV_PATCH_INLINE, cli, 1, 0), 0);
	CHECK_EQ(buf[0], 0xfa);
	/* One 5-byte NOP: 0f 1f 44 00 00 */
	CHECK(buf[1] == 0x0f && buf[2] == 0x1f && buf[3] == 0x44 && buf[4] == 0 && buf[5] == 0);

	CHECK_EQ(pv_encode_site(buf, 6, 0x1000, PV_PATCH_INLINE, pushf_pop, 2, 0), 0);
	CHECK(buf[0] == 0x9c && buf[1] == 0x58);
	CHECK(buf[2] == 0x0f && buf[3] == 0x1f && buf[4] == 0x40 && buf[5] == 0x00);

	CHECK_EQ(pv_encode_site(buf, 6, 0x1000, PV_PATCH_INLINE, mov_cr2, 3, 0), 0);
	CHECK(buf[3] == 0x0f && buf[4] == 0x1f && buf[5] == 0x00);

	/* Exact fit: no padding at all. */
	CHECK_EQ(pv_encode_site(buf, 3, 0x1000, PV_PATCH_INLINE, mov_cr2, 3, 0), 0);
	CHECK(buf[0] == 0x0f && buf[1] == 0x20 && buf[2] == 0xd0);
}

static void test_call_displacement(void)
{
	u8 buf[8];
	int32_t disp;

	/* Forward, 5-byte site: a plain call rel32. */
	CHECK_EQ(pv_encode_site(buf, 5, 0xffffffff80100000ULL, PV_PATCH_CALL, NULL, 0,
				/* clang-format off */
				0xffffffff80200000ULL), 0);
	/* clang-format on */
	CHECK_EQ(buf[0], 0xe8);
	memcpy(&disp, buf + 1, 4);
	CHECK_EQ(disp, 0x100000 - 5);

	/* 6-byte site: CS prefix + call, one instruction, displacement from its end. */
	CHECK_EQ(pv_encode_site(buf, 6, 0xffffffff80100000ULL, PV_PATCH_CALL, NULL, 0,
				/* clang-format off */
				0xffffffff80200000ULL), 0);
	/* clang-format on */
	CHECK(buf[0] == 0x2e && buf[1] == 0xe8);
	memcpy(&disp, buf + 2, 4);
	CHECK_EQ(disp, 0x100000 - 6);

	/* Backward */
	CHECK_EQ(pv_encode_site(buf, 6, 0xffffffff80200000ULL, PV_PATCH_CALL, NULL, 0,
				/* clang-format off */
				0xffffffff80100010ULL), 0);
	/* clang-format on */
	memcpy(&disp, buf + 2, 4);
	CHECK_EQ(disp, -(0x100000 - 0x10) - 6);

	/* A 7-byte site: prefixed call plus a 1-byte NOP. */
	CHECK_EQ(pv_encode_site(buf, 7, 0x1000, PV_PATCH_CALL, NULL, 0, 0x2000), 0);
	CHECK(buf[0] == 0x2e && buf[1] == 0xe8 && buf[6] == 0x90);

	/* The call lands where it should, for any site address. */
	for (u64 site = 0xffffffff80000000ULL; site < 0xffffffff80000000ULL + 4096; site += 7) {
		u64 target = 0xffffffff80123456ULL;

		CHECK_EQ(pv_encode_site(buf, 5, site, PV_PATCH_CALL, NULL, 0, target), 0);
		memcpy(&disp, buf + 1, 4);
		CHECK(site + 5 + (int64_t)disp == target);
		CHECK_EQ(pv_encode_site(buf, 6, site, PV_PATCH_CALL, NULL, 0, target), 0);
		memcpy(&disp, buf + 2, 4);
		CHECK(site + 6 + (int64_t)disp == target);
	}
}

static void test_refusals(void)
{
	u8 buf[8];
	static const u8 long_insn[7] = { 1, 2, 3, 4, 5, 6, 7 };

	memset(buf, 0xcc, sizeof(buf));
	CHECK_EQ(pv_encode_site(buf, 6, 0x1000, PV_PATCH_INLINE, long_insn, 7, 0), -E2BIG);
	CHECK_EQ(pv_encode_site(buf, 4, 0x1000, PV_PATCH_CALL, NULL, 0, 0x2000), -E2BIG);
	/* Nothing written on refusal. */
	for (int i = 0; i < 8; i++)
		CHECK_EQ(buf[i], 0xcc);
	/* A target beyond +-2 GiB cannot be reached by rel32. */
	CHECK_EQ(pv_encode_site(buf, 6, 0xffffffff80000000ULL, PV_PATCH_CALL, NULL, 0,
				/* clang-format off */
				0xffff888000000000ULL), -ERANGE);
	/* clang-format on */
	CHECK_EQ(buf[0], 0xcc);
	CHECK_EQ(pv_encode_site(buf, 6, 0, PV_PATCH_INDIRECT, NULL, 0, 0), -EINVAL);
}

static void test_nops(void)
{
	u8 buf[16], big[40];

	CHECK_EQ(pv_encode_site(buf, 6, 0x1000, PV_PATCH_NOP, NULL, 0, 0), 0);
	CHECK(buf[0] == 0x66 && buf[1] == 0x0f && buf[2] == 0x1f && buf[3] == 0x44);
	/* Longer than the longest NOP: still one instruction, a jmp over the rest. */
	CHECK_EQ(pv_encode_site(buf, 12, 0x1000, PV_PATCH_NOP, NULL, 0, 0), 0);
	CHECK(buf[0] == 0xeb && buf[1] == 10);
	for (int i = 2; i < 12; i++)
		CHECK_EQ(buf[i], 0xcc);
	CHECK_EQ(pv_encode_site(buf, 8, 0x1000, PV_PATCH_NOP, NULL, 0, 0), 0);
	CHECK(buf[0] == 0x0f && buf[1] == 0x1f && buf[2] == 0x84);
	CHECK_EQ(pv_encode_site(big, 33, 0x1000, PV_PATCH_NOP, NULL, 0, 0), -E2BIG);
}

/* A 25-byte site (irq_enable): cli-sized inline code, then one jmp. */
static void test_long_site(void)
{
	u8 buf[25];

	CHECK_EQ(pv_encode_site(buf, 25, 0x1000, PV_PATCH_INLINE, cli, 1, 0), 0);
	CHECK(buf[0] == 0xfa && buf[1] == 0xeb && buf[2] == 22);
	CHECK_EQ(pv_encode_site(buf, 25, 0x1000, PV_PATCH_CALL, NULL, 0, 0x2000), 0);
	CHECK(buf[0] == 0x2e && buf[1] == 0xe8 && buf[6] == 0xeb && buf[7] == 17);
}

static const struct unit_case cases[] = {
	{ "inline_padding", test_inline_padding },
	{ "call_displacement", test_call_displacement },
	{ "refusals", test_refusals },
	{ "nops", test_nops },
	{ "long_site", test_long_site },
};
UNIT_MAIN(cases)
