/* Memory, string and number-parsing routines the kernel provides for itself. */
#include <kernel/errno.h>
#include <kernel/string.h>

#define ULL_MAX (~0ULL)
#define LL_MAX	((long long)(ULL_MAX >> 1))

/*
 * GCC recognises simple byte loops as memset/memcpy idioms and replaces them
 * with calls to those very functions; inside their own definitions that is
 * infinite recursion, so every loop-bearing function here opts out.
 */
#define __no_libcall \
	__attribute__((optimize("no-tree-loop-distribute-patterns")))

/*
 * Copies ascending, one byte at a time in effect. memmove relies on that
 * ordering when the destination lies below the source.
 */
static inline __no_libcall void copy_forward(unsigned char *d,
					     const unsigned char *s, size_t n)
{
#ifdef UNIT_TEST
	while (n--)
		*d++ = *s++;
#else
	/*
	 * rep movsb is architecturally a sequence of ascending byte moves (the
	 * ABI guarantees DF is clear), and with ERMS it is the fastest copy.
	 */
	__asm__ __volatile__("rep movsb"
			     : "+D"(d), "+S"(s), "+c"(n)
			     :
			     : "memory");
#endif
}

__no_libcall void *memcpy(void *dst, const void *src, size_t n)
{
	copy_forward(dst, src, n);
	return dst;
}

__no_libcall void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n) {
		copy_forward(d, s, n);
	} else {
		/* dst overlaps the tail of src: copy from the end backwards. */
		d += n;
		s += n;
		while (n--)
			*--d = *--s;
	}
	return dst;
}

__no_libcall void *memset(void *s, int c, size_t n)
{
#ifdef UNIT_TEST
	unsigned char *p = s;

	while (n--)
		*p++ = (unsigned char)c;
#else
	void *p = s;

	__asm__ __volatile__("rep stosb"
			     : "+D"(p), "+c"(n)
			     : "a"(c)
			     : "memory");
#endif
	return s;
}

__no_libcall int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x - *y;
	}
	return 0;
}

__no_libcall void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++) {
		if (*p == (unsigned char)c)
			return (void *)p;
	}
	return NULL;
}

__no_libcall size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

__no_libcall size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

/* Bytes compare as unsigned char, as the C library does. */
__no_libcall int strcmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	while (*x && *x == *y) {
		x++;
		y++;
	}
	return *x - *y;
}

__no_libcall int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x - *y;
		if (!*x)
			break;
	}
	return 0;
}

/* The terminator counts as part of the string, so strchr(s, 0) finds it. */
__no_libcall char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

__no_libcall char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

/*
 * If dst holds no terminator within size bytes it is left alone and the
 * return still says how long the result would have been.
 */
size_t strlcat(char *dst, const char *src, size_t size)
{
	size_t dlen = strnlen(dst, size);
	size_t slen = strlen(src);
	size_t n;

	if (dlen == size)
		return size + slen;
	n = slen < size - dlen - 1 ? slen : size - dlen - 1;
	memcpy(dst + dlen, src, n);
	dst[dlen + n] = '\0';
	return dlen + slen;
}

/* Any character that is not a digit maps past the largest base (36). */
static unsigned int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 36;
}

static bool has_hex_prefix(const char *s)
{
	return s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
}

/*
 * Reads the digits of @base at *sp and leaves *sp at the first non-digit.
 * Overflow is only reported once all digits are consumed, so a caller can
 * still tell trailing junk (-EINVAL) apart from a number that is too big.
 */
static int parse_digits(const char **sp, unsigned int base,
			unsigned long long *res)
{
	const char *s = *sp;
	unsigned long long v = 0;
	bool overflow = false;
	unsigned int d;

	for (; (d = digit_value(*s)) < base; s++) {
		if (v > (ULL_MAX - d) / base)
			overflow = true;
		else
			v = v * base + d;
	}
	if (s == *sp)
		return -EINVAL;
	*sp = s;
	*res = v;
	return overflow ? -ERANGE : 0;
}

/* An unsigned number with no sign; the whole string must be consumed. */
static int parse_unsigned(const char *s, unsigned int base,
			  unsigned long long *res)
{
	unsigned long long v;
	int err;

	if (base == 1 || base > 36)
		return -EINVAL;
	if ((base == 0 || base == 16) && has_hex_prefix(s)) {
		base = 16;
		s += 2;
	} else if (base == 0) {
		base = s[0] == '0' ? 8 : 10;
	}
	err = parse_digits(&s, base, &v);
	if (err == -EINVAL || *s)
		return -EINVAL;
	if (err)
		return err;
	*res = v;
	return 0;
}

int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	if (*s == '+')
		s++;
	return parse_unsigned(s, base, res);
}

int kstrtoll(const char *s, unsigned int base, long long *res)
{
	unsigned long long v;
	int err;

	if (*s == '-') {
		err = parse_unsigned(s + 1, base, &v);
		if (err)
			return err;
		if (v > (unsigned long long)LL_MAX + 1)
			return -ERANGE;
		/* Unsigned negation: LLONG_MIN needs no special case. */
		*res = (long long)(0 - v);
		return 0;
	}
	err = kstrtoull(s, base, &v);
	if (err)
		return err;
	if (v > (unsigned long long)LL_MAX)
		return -ERANGE;
	*res = (long long)v;
	return 0;
}

/*
 * Sizes are written in decimal or "0x" hex; a leading zero does not mean
 * octal here, since "010M" on a command line surely means ten megabytes.
 */
int kstrtosize(const char *s, u64 *res)
{
	unsigned long long v;
	unsigned int base = 10, shift = 0;
	int err;

	if (has_hex_prefix(s)) {
		base = 16;
		s += 2;
	}
	err = parse_digits(&s, base, &v);
	if (err == -EINVAL)
		return err;
	switch (*s) {
	case 'K':
	case 'k':
		shift = 10;
		break;
	case 'M':
	case 'm':
		shift = 20;
		break;
	case 'G':
	case 'g':
		shift = 30;
		break;
	case 'T':
	case 't':
		shift = 40;
		break;
	}
	if (shift)
		s++;
	if (*s)
		return -EINVAL;
	if (err)
		return err;
	if (v > (ULL_MAX >> shift))
		return -ERANGE;
	*res = v << shift;
	return 0;
}
