/* Host unit tests for lib/string.c and lib/vsprintf.c. */
/*
 * Kernel headers go first: glibc's cdefs.h drops the kernel's __always_inline
 * before defining its own, while the reverse order is a redefinition error.
 */
#include <kernel/errno.h>
#include <kernel/string.h>

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>

#include "unit.h"

/*
 * Expected text is always a literal: comparing with the host printf would
 * only prove the two agree, and glibc differs on purpose in places (%p).
 */
static void vcheck(const char *file, int line, const char *expect,
		   const char *fmt, va_list ap)
{
	char buf[512];
	int n;

	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (__builtin_strcmp(buf, expect) != 0 ||
	    n != (int)__builtin_strlen(expect)) {
		fprintf(stderr, "  %s:%d: format \"%s\": got \"%s\" (%d), want \"%s\" (%d)\n",
			file, line, fmt, buf, n, expect,
			(int)__builtin_strlen(expect));
		unit_failed_checks++;
	}
}

/* clang-format off */
__printf(4, 5)
static void check_fmt(const char *file, int line, const char *expect,
				     /* clang-format on */
				     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcheck(file, line, expect, fmt, ap);
	va_end(ap);
}

/* No format attribute: for the deliberately odd formats GCC would flag. */
static void check_raw(const char *file, int line, const char *expect,
		      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcheck(file, line, expect, fmt, ap);
	va_end(ap);
}

#define CHECK_FMT(expect, ...) \
	check_fmt(__FILE__, __LINE__, expect, __VA_ARGS__)
#define CHECK_RAW(expect, ...) \
	check_raw(__FILE__, __LINE__, expect, __VA_ARGS__)

/* ---- vsnprintf ---- */

static void test_fmt_signed(void)
{
	CHECK_FMT("0", "%d", 0);
	CHECK_FMT("42", "%d", 42);
	CHECK_FMT("-42", "%d", -42);
	CHECK_FMT("-7", "%i", -7);
	CHECK_FMT("2147483647", "%d", INT_MAX);
	CHECK_FMT("-2147483648", "%d", INT_MIN);
	CHECK_FMT("-2147483648", "%i", INT_MIN);
	CHECK_FMT("x=1 y=-1", "x=%d y=%d", 1, -1);
}

static void test_fmt_unsigned(void)
{
	CHECK_FMT("0", "%u", 0u);
	CHECK_FMT("4294967295", "%u", UINT_MAX);
	CHECK_FMT("4294967295", "%u", -1);
	CHECK_FMT("deadbeef", "%x", 0xdeadbeefu);
	CHECK_FMT("DEADBEEF", "%X", 0xdeadbeefu);
	CHECK_FMT("0", "%x", 0u);
	CHECK_FMT("ffffffff", "%x", UINT_MAX);
	CHECK_FMT("10", "%o", 8u);
	CHECK_FMT("0", "%o", 0u);
	CHECK_FMT("777", "%o", 0777u);
	CHECK_FMT("37777777777", "%o", UINT_MAX);
}

static void test_fmt_char_string(void)
{
	static const char unterminated[3] = { 'a', 'b', 'c' };

	CHECK_FMT("A", "%c", 'A');
	CHECK_FMT("abc", "%c%c%c", 'a', 'b', 'c');
	CHECK_FMT("  x", "%3c", 'x');
	CHECK_FMT("x  |", "%-3c|", 'x');
	CHECK_FMT("  x", "%*c", 3, 'x');
	CHECK_FMT("hello", "%s", "hello");
	CHECK_FMT("", "%s", "");
	/* Raw only because GCC warns about a NULL %s argument. */
	CHECK_RAW("(null)", "%s", (char *)NULL);
	CHECK_RAW("  (null)", "%8s", (char *)NULL);
	CHECK_RAW("(nu", "%.3s", (char *)NULL);
	CHECK_FMT("   ab", "%5s", "ab");
	CHECK_FMT("ab   |", "%-5s|", "ab");
	CHECK_FMT("hello", "%2s", "hello");
	CHECK_FMT("abc", "%.3s", "abcdef");
	CHECK_FMT("abc", "%.10s", "abc");
	CHECK_FMT("", "%.0s", "abc");
	CHECK_FMT("   ab|", "%5.2s|", "abc");
	CHECK_FMT("ab   |", "%-5.2s|", "abc");
	CHECK_FMT("he", "%.*s", 2, "hello");
	CHECK_FMT("    ab", "%*s", 6, "ab");
	CHECK_FMT("ab    |", "%*s|", -6, "ab");
	/* A precision bounds the read: ASan catches any look past it. */
	CHECK_FMT("abc", "%.3s", unterminated);
	CHECK_FMT("ab", "%.2s", unterminated);
	CHECK_FMT("[file:10] ok!", "[%s:%d] %s%c", "file", 10, "ok", '!');
}

static void test_fmt_percent_and_pointer(void)
{
	CHECK_FMT("%", "%%");
	CHECK_FMT("100%", "100%%");
	CHECK_FMT("%d", "%%d");
	CHECK_FMT("5%5", "%d%%%d", 5, 5);
	CHECK_FMT("0x0000000000001234", "%p", (void *)0x1234);
	CHECK_FMT("0x0000000000000000", "%p", (void *)NULL);
	CHECK_FMT("0xffffffff80000000", "%p", (void *)0xffffffff80000000ul);
	CHECK_FMT("0xffffffffffffffff", "%p", (void *)~0ul);
	CHECK_FMT("  0x0000000000001234", "%20p", (void *)0x1234);
	CHECK_FMT("0x0000000000001234  |", "%-20p|", (void *)0x1234);
	CHECK_FMT("0x00000000deadbeef", "%2p", (void *)0xdeadbeeful);
	/* Flags that mean nothing for a pointer must not change its shape. */
	CHECK_RAW("  0x00000000000000ab", "%020p", (void *)0xab);
	CHECK_RAW("0x00000000000000ab", "%+p", (void *)0xab);
	CHECK_RAW("0x00000000000000ab", "%#p", (void *)0xab);
	CHECK_RAW("0x00000000000000ab", "%.4p", (void *)0xab);
}

static void test_fmt_flags(void)
{
	CHECK_FMT("   42", "%5d", 42);
	CHECK_FMT("  -42", "%5d", -42);
	CHECK_FMT("42   |", "%-5d|", 42);
	CHECK_FMT("-42  |", "%-5d|", -42);
	CHECK_FMT("00042", "%05d", 42);
	CHECK_FMT("-0042", "%05d", -42);
	CHECK_FMT("+42", "%+d", 42);
	CHECK_FMT("-42", "%+d", -42);
	CHECK_FMT("+0", "%+d", 0);
	CHECK_FMT(" 42", "% d", 42);
	CHECK_FMT("-42", "% d", -42);
	CHECK_FMT(" 0", "% d", 0);
	CHECK_FMT("+0042", "%+05d", 42);
	CHECK_FMT(" 0042", "% 05d", 42);
	CHECK_FMT("   42", "% 5d", 42);
	CHECK_FMT("  +42", "%+5d", 42);
	CHECK_FMT("+42  |", "%-+5d|", 42);
	CHECK_FMT("42", "%1d", 42);
	CHECK_FMT("-2147483648", "%05d", INT_MIN);
	CHECK_FMT("-000000000002147483648", "%022d", INT_MIN);
	/* '-' beats '0', '+' beats ' ', and unsigned numbers have no sign. */
	CHECK_RAW("42   |", "%-05d|", 42);
	CHECK_RAW("42   |", "%0-5d|", 42);
	CHECK_RAW("+42", "%+ d", 42);
	CHECK_RAW("+42", "% +d", 42);
	CHECK_RAW("5", "%+u", 5u);
	CHECK_RAW("ff", "% x", 0xffu);
	CHECK_RAW("42", "%--d", 42);
	CHECK_FMT("0xff", "%#x", 0xffu);
	CHECK_FMT("0XFF", "%#X", 0xffu);
	CHECK_FMT("0", "%#x", 0u);
	CHECK_FMT("010", "%#o", 8u);
	CHECK_FMT("0", "%#o", 0u);
	CHECK_FMT("0x000000ff", "%#010x", 0xffu);
	CHECK_FMT("0X000000FF", "%#010X", 0xffu);
	CHECK_FMT("      0xff", "%#10x", 0xffu);
	CHECK_FMT("0xff      |", "%-#10x|", 0xffu);
	CHECK_FMT("0000000000", "%#010x", 0u);
	CHECK_FMT("00ff", "%04x", 0xffu);
	CHECK_FMT("0000000010", "%#010o", 8u);
}

static void test_fmt_precision(void)
{
	CHECK_FMT("00042", "%.5d", 42);
	CHECK_FMT("-00042", "%.5d", -42);
	CHECK_FMT("+00042", "%+.5d", 42);
	CHECK_FMT("   00042", "%8.5d", 42);
	CHECK_FMT("-00042  |", "%-8.5d|", -42);
	CHECK_FMT("42", "%.1d", 42);
	CHECK_FMT("", "%.0d", 0);
	CHECK_FMT("", "%.d", 0);
	CHECK_FMT("7", "%.0d", 7);
	CHECK_FMT("     |", "%5.0d|", 0);
	CHECK_FMT("+", "%+.0d", 0);
	CHECK_FMT("", "%.0x", 0u);
	CHECK_FMT("", "%#.0x", 0u);
	CHECK_FMT("", "%.0o", 0u);
	CHECK_FMT("0", "%#.0o", 0u);
	CHECK_FMT("00a", "%.3x", 0xau);
	CHECK_FMT("0x00a", "%#.3x", 0xau);
	CHECK_FMT("010", "%#.3o", 8u);
	CHECK_FMT("010", "%#.1o", 8u);
	CHECK_FMT("00010", "%#.5o", 8u);
	CHECK_FMT("-2147483648", "%.3d", INT_MIN);
	CHECK_FMT("-0000000002147483648", "%.19d", INT_MIN);
	/* With a precision, '0' is ignored and the width pads with spaces. */
	CHECK_RAW("   00042", "%08.5d", 42);
	CHECK_RAW("  -00042", "%08.5d", -42);
	CHECK_RAW("     0xff", "%#09.2x", 0xffu);
	CHECK_FMT("0007", "%.*d", 4, 7);
	CHECK_FMT("7", "%.*d", -1, 7);
	CHECK_FMT("0", "%.*d", -5, 0);
	CHECK_FMT("   007", "%*.*d", 6, 3, 7);
	CHECK_FMT("007   |", "%*.*d|", -6, 3, 7);
	CHECK_FMT("42   |", "%-*d|", 5, 42);
	CHECK_FMT("42   |", "%-*d|", -5, 42);
	CHECK_FMT("   42", "%*d", 5, 42);
	CHECK_FMT("42   |", "%*d|", -5, 42);
	CHECK_FMT("00042", "%0*d", 5, 42);
	CHECK_FMT("42", "%*d", 0, 42);
}

static void test_fmt_length(void)
{
	CHECK_FMT("-1", "%hhd", 255);
	CHECK_FMT("-128", "%hhd", 128);
	CHECK_FMT("127", "%hhi", 127);
	CHECK_FMT("1", "%hhu", 257);
	CHECK_FMT("255", "%hhu", -1);
	CHECK_FMT("ff", "%hhx", 0x1ff);
	CHECK_FMT("377", "%hho", 0xff);
	CHECK_FMT("-1", "%hd", 65535);
	CHECK_FMT("-32768", "%hd", 32768);
	CHECK_FMT("1", "%hu", 65537);
	CHECK_FMT("2345", "%hx", 0x12345);
	CHECK_FMT("FFFF", "%hX", -1);
	CHECK_FMT("-9223372036854775808", "%ld", LONG_MIN);
	CHECK_FMT("9223372036854775807", "%li", LONG_MAX);
	CHECK_FMT("18446744073709551615", "%lu", ULONG_MAX);
	CHECK_FMT("123456789abcdef", "%lx", 0x123456789abcdeful);
	CHECK_FMT("-9223372036854775808", "%lld", LLONG_MIN);
	CHECK_FMT("9223372036854775807", "%lld", LLONG_MAX);
	CHECK_FMT("18446744073709551615", "%llu", ULLONG_MAX);
	CHECK_FMT("ffffffffffffffff", "%llx", ULLONG_MAX);
	CHECK_FMT("FFFFFFFFFFFFFFFF", "%llX", ULLONG_MAX);
	CHECK_FMT("1777777777777777777777", "%llo", ULLONG_MAX);
	CHECK_FMT("01777777777777777777777", "%#llo", ULLONG_MAX);
	CHECK_FMT("0xffffffffffffffff", "%#llx", ULLONG_MAX);
	CHECK_FMT("1000000000000000000000", "%llo", 1ull << 63);
	CHECK_FMT("-9223372036854775808", "%+lld", LLONG_MIN);
	CHECK_FMT("+9223372036854775807", "%+lld", LLONG_MAX);
	CHECK_FMT("  -9223372036854775808", "%22lld", LLONG_MIN);
	CHECK_FMT("-009223372036854775808", "%022lld", LLONG_MIN);
	CHECK_FMT("18446744073709551615", "%zu", (size_t)-1);
	CHECK_FMT("-5", "%zd", (ssize_t)-5);
	CHECK_FMT("10", "%zx", (size_t)16);
	CHECK_FMT("-9223372036854775808", "%jd", INTMAX_MIN);
	CHECK_FMT("18446744073709551615", "%ju", UINTMAX_MAX);
	CHECK_FMT("-3", "%td", (ptrdiff_t)-3);
	CHECK_FMT("ff", "%tx", (ptrdiff_t)255);
	/* Each argument must be fetched at its own width. */
	CHECK_FMT("1 2 3", "%hhd %lld %d", 1, 2ll, 3);
	CHECK_FMT("-1 4294967295 -1", "%lld %u %hd", -1ll, UINT_MAX, -1);
	CHECK_FMT("1 2 3 4 5 6 7 8 9 ten 0x000000000000000b",
		  "%d %u %x %o %ld %lld %zu %hhd %c %s %p",
		  1, 2u, 3u, 4u, 5l, 6ll, (size_t)7, 8, '9', "ten",
		  (void *)11);
}

static void test_fmt_unknown(void)
{
	CHECK_RAW("%q", "%q");
	CHECK_RAW("%5q", "%5q");
	CHECK_RAW("a%qb", "a%qb");
	CHECK_RAW("%lq", "%lq");
	CHECK_RAW("%-08.3q", "%-08.3q");
	CHECK_RAW("%n", "%n");
	CHECK_RAW("%f", "%f");
	CHECK_RAW("%q 5", "%q %d", 5);
	CHECK_RAW("%", "%");
	CHECK_RAW("abc%", "abc%");
	CHECK_RAW("%-5", "%-5");
	CHECK_RAW("%l", "%l");
	CHECK_RAW("", "");
}

static int call_vsnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void test_fmt_truncation(void)
{
	char buf[16];

	__builtin_memset(buf, 'X', sizeof(buf));
	CHECK_EQ(snprintf(buf, 5, "hello world"), 11);
	CHECK_STR(buf, "hell");
	CHECK_EQ(buf[5], 'X');

	__builtin_memset(buf, 'X', sizeof(buf));
	CHECK_EQ(snprintf(buf, 6, "hello"), 5);
	CHECK_STR(buf, "hello");
	CHECK_EQ(snprintf(buf, 5, "hello"), 5);
	CHECK_STR(buf, "hell");

	__builtin_memset(buf, 'X', sizeof(buf));
	CHECK_EQ(snprintf(buf, 1, "hello %d", 42), 8);
	CHECK_EQ(buf[0], '\0');
	CHECK_EQ(buf[1], 'X');

	/* Size zero writes nothing and tolerates a NULL buffer. */
	__builtin_memset(buf, 'X', sizeof(buf));
	CHECK_EQ(snprintf(buf, 0, "hello"), 5);
	CHECK_EQ(buf[0], 'X');
	CHECK_EQ(snprintf(NULL, 0, "%d-%s", -123, "abc"), 8);
	CHECK_EQ(snprintf(NULL, 0, "%p", (void *)1), 18);

	__builtin_memset(buf, 'X', sizeof(buf));
	CHECK_EQ(snprintf(buf, 4, "%d", -12345), 6);
	CHECK_STR(buf, "-12");
	CHECK_EQ(buf[4], 'X');

	CHECK_EQ(snprintf(buf, sizeof(buf), "%300d", 1), 300);
	CHECK_STR(buf, "               ");
	CHECK_EQ(snprintf(buf, sizeof(buf), "%-300d", 1), 300);
	CHECK_STR(buf, "1              ");
	CHECK_EQ(snprintf(buf, 8, "%s", "(truncated)"), 11);
	CHECK_STR(buf, "(trunca");
	CHECK_EQ(snprintf(buf, 3, "%p", (void *)0), 18);
	CHECK_STR(buf, "0x");
	CHECK_EQ(snprintf(buf, sizeof(buf), "%llu", ULLONG_MAX), 20);
	CHECK_STR(buf, "184467440737095");

	CHECK_EQ(call_vsnprintf(buf, 6, "%s=%d", "abc", 12345), 9);
	CHECK_STR(buf, "abc=1");
	CHECK_EQ(call_vsnprintf(NULL, 0, "%s=%d", "abc", 12345), 9);
}

/* ---- string and memory ---- */

static void test_memcpy_memset(void)
{
	char a[16], b[16] = "0123456789";

	__builtin_memset(a, 'X', sizeof(a));
	CHECK(memcpy(a, b, 11) == a);
	CHECK_STR(a, "0123456789");
	CHECK_EQ(a[11], 'X');
	CHECK(memcpy(a, "zz", 0) == a);
	CHECK_EQ(a[0], '0');

	CHECK(memset(a, 0x141, 4) == a);
	CHECK_EQ(a[0], 'A');
	CHECK_EQ(a[3], 'A');
	CHECK_EQ(a[4], '4');
	CHECK(memset(a, 'Q', 0) == a);
	CHECK_EQ(a[0], 'A');
	memset(a, 0, sizeof(a));
	for (size_t i = 0; i < sizeof(a); i++)
		CHECK_EQ(a[i], 0);
}

static void test_memmove(void)
{
	char buf[16];

	/* Destination above the source: must copy from the end. */
	__builtin_memcpy(buf, "abcdefgh", 9);
	CHECK(memmove(buf + 2, buf, 5) == buf + 2);
	CHECK_STR(buf, "ababcdeh");

	/* Destination below the source: must copy from the start. */
	__builtin_memcpy(buf, "abcdefgh", 9);
	CHECK(memmove(buf, buf + 2, 5) == buf);
	CHECK_STR(buf, "cdefgfgh");

	/* Overlap by a single byte in each direction. */
	__builtin_memcpy(buf, "abcdefgh", 9);
	memmove(buf + 1, buf, 7);
	CHECK_STR(buf, "aabcdefg");
	__builtin_memcpy(buf, "abcdefgh", 9);
	memmove(buf, buf + 1, 7);
	CHECK_STR(buf, "bcdefghh");

	__builtin_memcpy(buf, "abcdefgh", 9);
	memmove(buf, buf, 8);
	CHECK_STR(buf, "abcdefgh");
	memmove(buf + 3, buf, 0);
	CHECK_STR(buf, "abcdefgh");

	/* Disjoint regions behave like memcpy. */
	__builtin_memcpy(buf, "abcdefgh", 9);
	memmove(buf + 4, buf, 4);
	CHECK_STR(buf, "abcdabcd");
}

static void test_memcmp_memchr(void)
{
	static const char s[] = "ab\x80z";

	CHECK_EQ(memcmp("abc", "abc", 3), 0);
	CHECK(memcmp("abc", "abd", 3) < 0);
	CHECK(memcmp("abd", "abc", 3) > 0);
	CHECK_EQ(memcmp("abc", "abd", 2), 0);
	CHECK_EQ(memcmp("x", "y", 0), 0);
	/* Bytes compare unsigned: 0x80 is above 0x01. */
	CHECK(memcmp("\x80", "\x01", 1) > 0);
	CHECK(memcmp("a\0b", "a\0c", 3) < 0);

	CHECK(memchr(s, 'b', 4) == s + 1);
	CHECK(memchr(s, 0x80, 4) == s + 2);
	CHECK(memchr(s, -128, 4) == s + 2);
	CHECK(memchr(s, 'z' + 256, 4) == s + 3);
	CHECK(memchr(s, 'z', 3) == NULL);
	CHECK(memchr(s, 'q', 5) == NULL);
	CHECK(memchr(s, '\0', 5) == s + 4);
	CHECK(memchr(s, 'a', 0) == NULL);
}

static void test_strlen_strcmp(void)
{
	CHECK_EQ(strlen(""), 0);
	CHECK_EQ(strlen("hello"), 5);
	CHECK_EQ(strnlen("hello", 3), 3);
	CHECK_EQ(strnlen("hello", 5), 5);
	CHECK_EQ(strnlen("hello", 100), 5);
	CHECK_EQ(strnlen("hello", 0), 0);

	CHECK_EQ(strcmp("", ""), 0);
	CHECK_EQ(strcmp("abc", "abc"), 0);
	CHECK(strcmp("abc", "abd") < 0);
	CHECK(strcmp("abd", "abc") > 0);
	CHECK(strcmp("abc", "abcd") < 0);
	CHECK(strcmp("abcd", "abc") > 0);
	CHECK(strcmp("", "a") < 0);
	CHECK(strcmp("\xff", "a") > 0);

	CHECK_EQ(strncmp("abcX", "abcY", 3), 0);
	CHECK(strncmp("abcX", "abcY", 4) < 0);
	CHECK_EQ(strncmp("abc", "xyz", 0), 0);
	CHECK_EQ(strncmp("abc", "abc", 100), 0);
	CHECK(strncmp("abc", "abcd", 100) < 0);
	CHECK(strncmp("b", "a", 1) > 0);
	CHECK(strncmp("\x80", "a", 1) > 0);
}

static void test_strchr(void)
{
	static const char s[] = "a/b/c";

	CHECK(strchr(s, '/') == s + 1);
	CHECK(strchr(s, 'a') == s);
	CHECK(strchr(s, 'x') == NULL);
	CHECK(strchr(s, '\0') == s + 5);
	CHECK(strchr(s, '/' + 256) == s + 1);
	CHECK(strrchr(s, '/') == s + 3);
	CHECK(strrchr(s, 'c') == s + 4);
	CHECK(strrchr(s, 'x') == NULL);
	CHECK(strrchr(s, '\0') == s + 5);
	CHECK(strrchr("", 'a') == NULL);
}

static void test_strlcpy_strlcat(void)
{
	char buf[8];

	__builtin_memset(buf, 'X', sizeof(buf));
	CHECK_EQ(strlcpy(buf, "abc", sizeof(buf)), 3);
	CHECK_STR(buf, "abc");
	CHECK_EQ(buf[4], 'X');
	CHECK_EQ(strlcpy(buf, "abcdefghijk", sizeof(buf)), 11);
	CHECK_STR(buf, "abcdefg");
	CHECK_EQ(strlcpy(buf, "abcdefg", sizeof(buf)), 7);
	CHECK_STR(buf, "abcdefg");
	CHECK_EQ(strlcpy(buf, "xyz", 1), 3);
	CHECK_STR(buf, "");
	CHECK_EQ(buf[1], 'b');
	/* Size zero touches nothing. */
	CHECK_EQ(strlcpy(buf, "xyz", 0), 3);
	CHECK_EQ(buf[0], '\0');
	CHECK_EQ(buf[1], 'b');

	strlcpy(buf, "ab", sizeof(buf));
	CHECK_EQ(strlcat(buf, "cd", sizeof(buf)), 4);
	CHECK_STR(buf, "abcd");
	CHECK_EQ(strlcat(buf, "efghij", sizeof(buf)), 10);
	CHECK_STR(buf, "abcdefg");
	CHECK_EQ(strlcat(buf, "zz", sizeof(buf)), 9);
	CHECK_STR(buf, "abcdefg");
	CHECK_EQ(strlcat(buf, "", sizeof(buf)), 7);
	strlcpy(buf, "ab", sizeof(buf));
	CHECK_EQ(strlcat(buf, "cd", 3), 4);
	CHECK_STR(buf, "ab");
	/* No terminator within size: the length is size + strlen(src). */
	__builtin_memset(buf, 'X', sizeof(buf));
	CHECK_EQ(strlcat(buf, "abc", 4), 7);
	CHECK_EQ(buf[3], 'X');
	CHECK_EQ(strlcat(buf, "abc", 0), 3);
	CHECK_EQ(buf[0], 'X');
}

/* ---- number parsing ---- */

#define SENTINEL 0x5a5a5a5aull

static void check_ull(int line, const char *s, unsigned int base,
		      int err, unsigned long long want)
{
	unsigned long long v = SENTINEL;
	int r = kstrtoull(s, base, &v);

	if (r != err || v != (err ? SENTINEL : want)) {
		fprintf(stderr, "  %s:%d: kstrtoull(\"%s\", %u): %d, %llu; want %d, %llu\n",
			__FILE__, line, s, base, r, v, err, want);
		unit_failed_checks++;
	}
}

static void check_ll(int line, const char *s, unsigned int base,
		     int err, long long want)
{
	long long v = SENTINEL;
	int r = kstrtoll(s, base, &v);

	if (r != err || v != (err ? (long long)SENTINEL : want)) {
		fprintf(stderr, "  %s:%d: kstrtoll(\"%s\", %u): %d, %lld; want %d, %lld\n",
			__FILE__, line, s, base, r, v, err, want);
		unit_failed_checks++;
	}
}

static void check_size(int line, const char *s, int err, u64 want)
{
	u64 v = SENTINEL;
	int r = kstrtosize(s, &v);

	if (r != err || v != (err ? SENTINEL : want)) {
		fprintf(stderr, "  %s:%d: kstrtosize(\"%s\"): %d, %llu; want %d, %llu\n",
			__FILE__, line, s, r, (unsigned long long)v, err,
			(unsigned long long)want);
		unit_failed_checks++;
	}
}

#define ULL(s, base, want)    check_ull(__LINE__, s, base, 0, want)
#define ULL_ERR(s, base, err) check_ull(__LINE__, s, base, err, 0)
#define LL(s, base, want)     check_ll(__LINE__, s, base, 0, want)
#define LL_ERR(s, base, err)  check_ll(__LINE__, s, base, err, 0)
#define SIZE(s, want)	      check_size(__LINE__, s, 0, want)
#define SIZE_ERR(s, err)      check_size(__LINE__, s, err, 0)

static void test_kstrtoull(void)
{
	ULL("0", 0, 0);
	ULL("0", 10, 0);
	ULL("123", 10, 123);
	ULL("123", 0, 123);
	ULL("+123", 10, 123);
	ULL("0x1F", 0, 31);
	ULL("0X1f", 0, 31);
	ULL("017", 0, 15);
	ULL("017", 10, 17);
	ULL("00", 0, 0);
	ULL("0x10", 16, 16);
	ULL("ff", 16, 255);
	ULL("FF", 16, 255);
	ULL("777", 8, 511);
	ULL("101", 2, 5);
	ULL("zz", 36, 1295);
	ULL("18446744073709551615", 10, ULLONG_MAX);
	ULL("0xffffffffffffffff", 0, ULLONG_MAX);
	ULL("1777777777777777777777", 8, ULLONG_MAX);
	ULL("000000000000000000000000042", 10, 42);

	ULL_ERR("", 10, -EINVAL);
	ULL_ERR("", 0, -EINVAL);
	ULL_ERR("+", 10, -EINVAL);
	ULL_ERR("++1", 10, -EINVAL);
	ULL_ERR("-1", 10, -EINVAL);
	ULL_ERR("-0", 10, -EINVAL);
	ULL_ERR("12a", 10, -EINVAL);
	ULL_ERR(" 12", 10, -EINVAL);
	ULL_ERR("12 ", 10, -EINVAL);
	ULL_ERR("12\n", 10, -EINVAL);
	ULL_ERR("0x", 0, -EINVAL);
	ULL_ERR("0x", 16, -EINVAL);
	ULL_ERR("0x1g", 0, -EINVAL);
	ULL_ERR("0x10", 10, -EINVAL);
	ULL_ERR("08", 0, -EINVAL);
	ULL_ERR("9", 8, -EINVAL);
	ULL_ERR("2", 2, -EINVAL);
	ULL_ERR("1", 1, -EINVAL);
	ULL_ERR("1", 37, -EINVAL);
	ULL_ERR("18446744073709551616", 10, -ERANGE);
	ULL_ERR("99999999999999999999999", 10, -ERANGE);
	ULL_ERR("0x10000000000000000", 0, -ERANGE);
	ULL_ERR("2000000000000000000000", 8, -ERANGE);
	/* Junk after an overflowing number is still junk. */
	ULL_ERR("99999999999999999999999x", 10, -EINVAL);
}

static void test_kstrtoll(void)
{
	LL("0", 10, 0);
	LL("-0", 10, 0);
	LL("-1", 10, -1);
	LL("+5", 10, 5);
	LL("-0x10", 0, -16);
	LL("-010", 0, -8);
	LL("9223372036854775807", 10, LLONG_MAX);
	LL("-9223372036854775807", 10, -LLONG_MAX);
	LL("-9223372036854775808", 10, LLONG_MIN);
	LL("0x7fffffffffffffff", 0, LLONG_MAX);
	LL("-0x8000000000000000", 0, LLONG_MIN);

	LL_ERR("9223372036854775808", 10, -ERANGE);
	LL_ERR("-9223372036854775809", 10, -ERANGE);
	LL_ERR("18446744073709551615", 10, -ERANGE);
	LL_ERR("-18446744073709551616", 10, -ERANGE);
	LL_ERR("0x8000000000000000", 0, -ERANGE);
	LL_ERR("", 10, -EINVAL);
	LL_ERR("-", 10, -EINVAL);
	LL_ERR("+", 10, -EINVAL);
	LL_ERR("--1", 10, -EINVAL);
	LL_ERR("-+1", 10, -EINVAL);
	LL_ERR("+-1", 10, -EINVAL);
	LL_ERR("1x", 10, -EINVAL);
	LL_ERR("-1x", 10, -EINVAL);
	LL_ERR(" -1", 10, -EINVAL);
	LL_ERR("-1", 1, -EINVAL);
}

static void test_kstrtosize(void)
{
	SIZE("0", 0);
	SIZE("4096", 4096);
	SIZE("16k", 16384);
	SIZE("16K", 16384);
	SIZE("64M", 64ull << 20);
	SIZE("64m", 64ull << 20);
	SIZE("2G", 2ull << 30);
	SIZE("2g", 2ull << 30);
	SIZE("1T", 1ull << 40);
	SIZE("3t", 3ull << 40);
	SIZE("0x1000", 4096);
	SIZE("0X10M", 16ull << 20);
	SIZE("0xfK", 15ull << 10);
	SIZE("010", 10);
	SIZE("0k", 0);
	SIZE("18446744073709551615", ULLONG_MAX);
	SIZE("16777215T", 0xffffff0000000000ull);
	SIZE("17179869183G", 0xffffffffc0000000ull);

	SIZE_ERR("", -EINVAL);
	SIZE_ERR("K", -EINVAL);
	SIZE_ERR("0x", -EINVAL);
	SIZE_ERR("0xK", -EINVAL);
	SIZE_ERR("16KB", -EINVAL);
	SIZE_ERR("16KK", -EINVAL);
	SIZE_ERR("16 K", -EINVAL);
	SIZE_ERR(" 16", -EINVAL);
	SIZE_ERR("16X", -EINVAL);
	SIZE_ERR("16P", -EINVAL);
	SIZE_ERR("-1", -EINVAL);
	SIZE_ERR("+1", -EINVAL);
	SIZE_ERR("1.5G", -EINVAL);
	SIZE_ERR("18446744073709551616", -ERANGE);
	SIZE_ERR("16777216T", -ERANGE);
	SIZE_ERR("17179869184G", -ERANGE);
	SIZE_ERR("18014398509481984K", -ERANGE);
	SIZE_ERR("0x40000000000000k", -ERANGE);
	SIZE_ERR("99999999999999999999999M", -ERANGE);
}

static const struct unit_case cases[] = {
	{ "fmt_signed", test_fmt_signed },
	{ "fmt_unsigned", test_fmt_unsigned },
	{ "fmt_char_string", test_fmt_char_string },
	{ "fmt_percent_and_pointer", test_fmt_percent_and_pointer },
	{ "fmt_flags", test_fmt_flags },
	{ "fmt_precision", test_fmt_precision },
	{ "fmt_length", test_fmt_length },
	{ "fmt_unknown", test_fmt_unknown },
	{ "fmt_truncation", test_fmt_truncation },
	{ "memcpy_memset", test_memcpy_memset },
	{ "memmove", test_memmove },
	{ "memcmp_memchr", test_memcmp_memchr },
	{ "strlen_strcmp", test_strlen_strcmp },
	{ "strchr", test_strchr },
	{ "strlcpy_strlcat", test_strlcpy_strlcat },
	{ "kstrtoull", test_kstrtoull },
	{ "kstrtoll", test_kstrtoll },
	{ "kstrtosize", test_kstrtosize },
};

UNIT_MAIN(cases)
