/*
 * The one thing the kernel reads from AML: the \_S5_ object, whose
 * package gives the SLP_TYP values that put the machine in soft-off. No
 * interpreter: the DSDT's byte stream is searched for
 * Name(_S5_, Package() { a, b, ... }) and that package decoded, every
 * length checked against the table, so a malformed DSDT yields "no S5".
 */
#include <asm/acpi.h>
#include <kernel/string.h>
#include <kernel/types.h>

#define AML_ZERO_OP	0x00
#define AML_ONE_OP	0x01
#define AML_NAME_OP	0x08
#define AML_BYTE_PREFIX 0x0a
#define AML_WORD_PREFIX 0x0b
#define AML_PACKAGE_OP	0x12
#define AML_ROOT_CHAR	'\\'

/* One AML integer constant of the kinds firmware uses in \_S5_. */
static bool aml_small_int(const u8 *aml, u32 end, u32 *pos, u8 *val)
{
	u32 i = *pos;

	if (i >= end)
		return false;
	switch (aml[i]) {
	case AML_ZERO_OP:
		*val = 0;
		*pos = i + 1;
		return true;
	case AML_ONE_OP:
		*val = 1;
		*pos = i + 1;
		return true;
	case AML_BYTE_PREFIX:
		if (end - i < 2)
			return false;
		*val = aml[i + 1];
		*pos = i + 2;
		return true;
	case AML_WORD_PREFIX:
		/* SLP_TYP is three bits wide; the high byte cannot matter. */
		if (end - i < 3)
			return false;
		*val = aml[i + 1];
		*pos = i + 3;
		return true;
	}
	return false;
}

/* Parses the Package that should follow "_S5_" at pos. */
static bool aml_s5_package(const u8 *aml, u32 len, u32 pos, u8 *a, u8 *b)
{
	u32 pkg_len, end, nbytes, i;
	u8 lead;

	if (pos >= len || aml[pos] != AML_PACKAGE_OP)
		return false;
	pos++;
	if (pos >= len)
		return false;
	/* PkgLength counts itself; its top two bits say how many bytes follow. */
	lead = aml[pos];
	nbytes = lead >> 6;
	if (len - pos < 1 + nbytes)
		return false;
	if (nbytes == 0) {
		pkg_len = lead & 0x3f;
	} else {
		pkg_len = lead & 0x0f;
		for (i = 0; i < nbytes; i++)
			pkg_len |= (u32)aml[pos + 1 + i] << (4 + 8 * i);
	}
	if (pkg_len > len - pos)
		return false;
	end = pos + pkg_len;
	pos += 1 + nbytes;
	/* NumElements, then the SLP_TYPa and SLP_TYPb values. */
	if (pos >= end || aml[pos] < 2)
		return false;
	pos++;
	return aml_small_int(aml, end, &pos, a) &&
	       aml_small_int(aml, end, &pos, b);
}

bool acpi_aml_find_s5(const u8 *aml, u32 len, u8 *a, u8 *b)
{
	for (u32 i = 0; i < len; i++) {
		u32 pos = i + 1;

		if (aml[i] != AML_NAME_OP)
			continue;
		if (pos < len && aml[pos] == AML_ROOT_CHAR)
			pos++;
		if (len - pos < 4 || memcmp(aml + pos, "_S5_", 4))
			continue;
		if (aml_s5_package(aml, len, pos + 4, a, b))
			return true;
	}
	return false;
}
