/* Host tests for the cpio "newc" walker (lib/cpio.c). */
#include "unit.h"

#include <kernel/types.h>
#include <kernel/cpio.h>
#include <kernel/errno.h>
#include <kernel/string.h>

#define HDR	   110
#define F_MODE	   1
#define F_FILESIZE 6
#define F_NAMESIZE 11

static u8 arc[16384];
static size_t arc_len;
static u32 next_ino;

static void hex8(char *d, u32 v)
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 7; i >= 0; i--, v >>= 4)
		d[i] = digits[v & 15];
}

static void pad4(void)
{
	while (arc_len & 3)
		arc[arc_len++] = 0;
}

static void arc_reset(void)
{
	memset(arc, 0, sizeof(arc));
	arc_len = 0;
	next_ino = 100;
}

/* Appends one entry; returns the offset of its header. */
static size_t add_magic(const char *magic, const char *name, u32 mode,
			const void *data, u32 size)
{
	u32 f[13] = {
		/* clang-format off */
		next_ino++, mode, 1000, 100, 1, 0x5f5e1000, size,
		8, 1, 0, 0, (u32)strlen(name) + 1, 0,
		/* clang-format on */
	};
	size_t off = arc_len;

	memcpy(arc + arc_len, magic, 6);
	for (int i = 0; i < 13; i++)
		hex8((char *)arc + arc_len + 6 + i * 8, f[i]);
	arc_len += HDR;
	memcpy(arc + arc_len, name, strlen(name) + 1);
	arc_len += strlen(name) + 1;
	pad4();
	if (size)
		memcpy(arc + arc_len, data, size);
	arc_len += size;
	pad4();
	return off;
}

static size_t add(const char *name, u32 mode, const void *data, u32 size)
{
	return add_magic("070701", name, mode, data, size);
}

static size_t add_trailer(void)
{
	return add("TRAILER!!!", 0, NULL, 0);
}

static void patch_field(size_t hdr, int field, u32 v)
{
	hex8((char *)arc + hdr + 6 + field * 8, v);
}

/* What the callback saw. */
struct seen {
	int n;
	int stop_at; /* 1-based entry to stop at with 42, or 0 */
	struct cpio_entry e[16];
	char names[16][64];
};

static int collect(const struct cpio_entry *e, void *arg)
{
	struct seen *s = arg;

	if (s->n < 16) {
		s->e[s->n] = *e;
		strlcpy(s->names[s->n], e->name, sizeof(s->names[0]));
	}
	s->n++;
	return s->n == s->stop_at ? 42 : 0;
}

/* Walks arc[0..len) from an exact-size heap copy so ASan sees overreads. */
static long walk(size_t len, struct seen *s, const char **err, u64 *err_off)
{
	u8 *copy = malloc(len ? len : 1);
	long ret;

	if (!copy)
		abort();
	memcpy(copy, arc, len);
	*err = NULL;
	*err_off = ~0ULL;
	ret = cpio_walk(len ? copy : NULL, len, collect, s, err, err_off);
	/* Entries point into the archive: rebase them onto arc for checks. */
	for (int i = 0; i < s->n && i < 16; i++) {
		s->e[i].name = (const char *)arc + ((const u8 *)s->e[i].name - copy);
		s->e[i].data = arc + ((const u8 *)s->e[i].data - copy);
	}
	free(copy);
	return ret;
}

static void test_several(void)
{
	static struct seen s;
	const char *err;
	u64 err_off;
	size_t h[5], t;

	memset(&s, 0, sizeof(s));
	arc_reset();
	h[0] = add(".", 040755, NULL, 0);	 /* 110+2: no name pad */
	h[1] = add("init", 0100755, "hello", 5); /* 110+5: pad 1; data pad 3 */
	h[2] = add("a", 0100644, "abcd", 4);	 /* no padding at all */
	h[3] = add("bin/sh", 0100755, "Z", 1);	 /* 110+7: pad 3; data pad 3 */
	h[4] = add("xy", 0120777, "abc", 3);	 /* pad 1 each */
	t = add_trailer();

	CHECK_EQ(h[1], 112);
	CHECK_EQ(h[2], 112 + 116 + 8);
	CHECK_EQ(h[3], h[2] + 112 + 4);
	CHECK_EQ(h[4], h[3] + 120 + 4);
	CHECK_EQ(t, h[4] + 116 + 4);

	CHECK_EQ(walk(arc_len, &s, &err, &err_off), 5);
	CHECK(err == NULL);
	CHECK_EQ(s.n, 5);
	CHECK_STR(s.names[0], ".");
	CHECK_STR(s.names[1], "init");
	CHECK_STR(s.names[2], "a");
	CHECK_STR(s.names[3], "bin/sh");
	CHECK_STR(s.names[4], "xy");
	for (int i = 0; i < 5; i++) {
		CHECK_EQ(s.e[i].offset, h[i]);
		CHECK((const u8 *)s.e[i].name == arc + h[i] + HDR);
		CHECK_EQ(s.e[i].uid, 1000);
		CHECK_EQ(s.e[i].gid, 100);
		CHECK_EQ(s.e[i].nlink, 1);
		CHECK_EQ(s.e[i].mtime, 0x5f5e1000);
	}
	CHECK_EQ(s.e[0].mode, 040755);
	CHECK_EQ(s.e[0].size, 0);
	CHECK_EQ(s.e[1].mode, 0100755);
	CHECK_EQ(s.e[1].size, 5);
	CHECK((const u8 *)s.e[1].data == arc + h[1] + 116);
	CHECK(memcmp(s.e[1].data, "hello", 5) == 0);
	CHECK((const u8 *)s.e[2].data == arc + h[2] + 112);
	CHECK(memcmp(s.e[2].data, "abcd", 4) == 0);
	CHECK((const u8 *)s.e[3].data == arc + h[3] + 120);
	CHECK(memcmp(s.e[3].data, "Z", 1) == 0);
	CHECK((const u8 *)s.e[4].data == arc + h[4] + 116);
	CHECK(memcmp(s.e[4].data, "abc", 3) == 0);

	/* No callback: just the count. */
	CHECK_EQ(cpio_walk(arc, arc_len, NULL, NULL, NULL, NULL), 5);
}

static void test_variants(void)
{
	static struct seen s;
	const char *err;
	u64 err_off;
	size_t h;

	/* The "crc" magic, and upper-case hex digits. */
	memset(&s, 0, sizeof(s));
	arc_reset();
	add_magic("070702", "f", 0100644, "xyz", 3);
	h = add("g", 0, "", 0);
	memcpy(arc + h + 6 + F_MODE * 8, "000081A4", 8);
	add_trailer();
	CHECK_EQ(walk(arc_len, &s, &err, &err_off), 2);
	CHECK_EQ(s.e[1].mode, 0100644);

	/* Only the trailer: an empty archive. */
	memset(&s, 0, sizeof(s));
	arc_reset();
	add_trailer();
	CHECK_EQ(walk(arc_len, &s, &err, &err_off), 0);
	CHECK_EQ(s.n, 0);

	/* A trailer without its final padding, then one with junk after it. */
	memset(&s, 0, sizeof(s));
	arc_reset();
	add("f", 0100644, "1", 1);
	h = add_trailer();
	CHECK_EQ(walk(h + HDR + 11, &s, &err, &err_off), 1);
	memset(&s, 0, sizeof(s));
	memset(arc + arc_len, 0xa5, 100);
	CHECK_EQ(walk(arc_len + 100, &s, &err, &err_off), 1);
}

static void test_stop(void)
{
	static struct seen s;
	const char *err;
	u64 err_off;

	memset(&s, 0, sizeof(s));
	arc_reset();
	add("one", 0100644, "1", 1);
	add("two", 0100644, "2", 1);
	add("three", 0100644, "3", 1);
	add_trailer();
	s.stop_at = 2;
	CHECK_EQ(walk(arc_len, &s, &err, &err_off), 42);
	CHECK_EQ(s.n, 2);
}

static void expect_error(size_t len, const char *msg, u64 off, int line)
{
	static struct seen s;
	const char *err;
	u64 err_off;
	long ret;

	memset(&s, 0, sizeof(s));
	ret = walk(len, &s, &err, &err_off);
	if (ret != -EINVAL || !err || strcmp(err, msg) != 0 || err_off != off) {
		fprintf(stderr, "  line %d: got %ld \"%s\" at %llu, want \"%s\" at %llu\n",
			line, ret, err ? err : "(null)",
			(unsigned long long)err_off, msg,
			(unsigned long long)off);
		unit_failed_checks++;
	}
}

#define EXPECT_ERROR(len, msg, off) expect_error(len, msg, off, __LINE__)

static void test_malformed(void)
{
	size_t h, t;

	/* Bad magic, first header and a later one. */
	arc_reset();
	add("a", 0100644, "x", 1);
	add_trailer();
	arc[5] = '7';
	EXPECT_ERROR(arc_len, "bad cpio magic", 0);
	arc_reset();
	add("a", 0100644, "x", 1);
	h = add("b", 0100644, "y", 1);
	add_trailer();
	memcpy(arc + h, "070707", 6); /* the old ASCII format */
	EXPECT_ERROR(arc_len, "bad cpio magic", h);

	/* A non-hex digit, in each place a parser might skip. */
	arc_reset();
	h = add("a", 0100644, "x", 1);
	add_trailer();
	arc[h + 6 + F_FILESIZE * 8 + 7] = 'g';
	EXPECT_ERROR(arc_len, "bad hex digit in cpio header", h);
	arc[h + 6 + F_FILESIZE * 8 + 7] = '1';
	arc[h + HDR - 1] = ' '; /* last digit of the check field */
	EXPECT_ERROR(arc_len, "bad hex digit in cpio header", h);
	arc[h + HDR - 1] = '0';
	arc[h + 6] = 'x';
	EXPECT_ERROR(arc_len, "bad hex digit in cpio header", h);

	/* namesize 0; a name whose last byte is not NUL. */
	arc_reset();
	add("a", 0100644, "x", 1);
	h = add("bb", 0100644, "y", 1);
	add_trailer();
	patch_field(h, F_NAMESIZE, 0);
	EXPECT_ERROR(arc_len, "cpio name size is zero", h);
	patch_field(h, F_NAMESIZE, 2); /* "b" then 'b', not NUL */
	EXPECT_ERROR(arc_len, "cpio name not NUL-terminated", h);

	/* Name past the end: huge, and just one byte too long. */
	arc_reset();
	h = add("name", 0100644, "x", 1);
	add_trailer();
	patch_field(h, F_NAMESIZE, 0xffffffff);
	EXPECT_ERROR(arc_len, "cpio name runs past the end of the archive", h);
	patch_field(h, F_NAMESIZE, 5);
	EXPECT_ERROR(h + HDR + 4, "cpio name runs past the end of the archive", h);

	/* Data past the end: huge, and one byte too long. */
	arc_reset();
	add(".", 040755, NULL, 0);
	h = add("f", 0100644, "abcd", 4);
	t = add_trailer();
	patch_field(h, F_FILESIZE, 0xffffffff);
	EXPECT_ERROR(arc_len, "cpio data runs past the end of the archive", h);
	patch_field(h, F_FILESIZE, 4);
	EXPECT_ERROR(h + HDR + 2 + 3, "cpio data runs past the end of the archive", h);

	/* No trailer: the archive simply ends, or ends mid-header. */
	EXPECT_ERROR(t, "truncated archive: no TRAILER!!!", t);
	EXPECT_ERROR(t + 50, "truncated cpio header", t);
	EXPECT_ERROR(0, "truncated archive: no TRAILER!!!", 0);

	/* Data ends the buffer without its padding: still no trailer. */
	arc_reset();
	h = add("f", 0100644, "abc", 3);
	EXPECT_ERROR(arc_len - 1, "truncated archive: no TRAILER!!!", arc_len - 1);

	/* A name that merely starts with TRAILER!!! is an ordinary entry. */
	arc_reset();
	add("TRAILER!!!x", 0100644, NULL, 0);
	EXPECT_ERROR(arc_len, "truncated archive: no TRAILER!!!", arc_len);
}

/* Every prefix of a good archive fails cleanly until the trailer's name is in. */
static void test_every_truncation(void)
{
	static struct seen s;
	const char *err;
	u64 err_off;
	size_t t, need;

	arc_reset();
	add(".", 040755, NULL, 0);
	add("init", 0100755, "#!/bin/sh\necho hi\n", 18);
	add("dev/console", 020600, NULL, 0);
	t = add_trailer();
	need = t + HDR + 11;

	for (size_t len = 0; len <= arc_len; len++) {
		long ret;

		memset(&s, 0, sizeof(s));
		ret = walk(len, &s, &err, &err_off);
		if (len < need) {
			CHECK_EQ(ret, -EINVAL);
			CHECK(err != NULL);
			CHECK(err_off <= len);
		} else {
			CHECK_EQ(ret, 3);
		}
	}
}

static u64 rng_state = 0x2545f4914f6cdd1dULL;

static u32 rnd(u32 n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (u32)(rng_state >> 11) % n;
}

static void test_corrupt(void)
{
	static u8 good[1024];
	static const char digits[] = "0123456789abcdefZ";
	static struct seen s;
	size_t len;
	int errors = 0;

	arc_reset();
	add(".", 040755, NULL, 0);
	add("etc/passwd", 0100644, "root:x:0:0::/root:/bin/sh\n", 26);
	/* clang-format off */
	add("sbin/init", 0100755, "\x7f" "ELF", 4);
	/* clang-format on */
	add_trailer();
	len = arc_len;
	memcpy(good, arc, len);

	for (int iter = 0; iter < 5000; iter++) {
		const char *err;
		u64 err_off;
		long ret;

		memcpy(arc, good, len);
		for (int i = 1 + rnd(3); i > 0; i--) {
			size_t at = rnd(len);

			/* Mostly plausible hex, so the walk gets further. */
			arc[at] = rnd(4) ? digits[rnd(17)] : (u8)rnd(256);
		}
		memset(&s, 0, sizeof(s));
		ret = walk(len - rnd(8), &s, &err, &err_off);
		if (ret < 0) {
			CHECK_EQ(ret, -EINVAL);
			CHECK(err != NULL);
			errors++;
		}
	}
	CHECK(errors > 0);
}

static const struct unit_case cases[] = {
	{ "several", test_several },
	{ "variants", test_variants },
	{ "stop", test_stop },
	{ "malformed", test_malformed },
	{ "every_truncation", test_every_truncation },
	{ "corrupt", test_corrupt },
};

UNIT_MAIN(cases)
