/* vsnprintf and snprintf: C99 integer, character, string and pointer output. */
#include <kernel/string.h>

#define F_LEFT	0x01 /* '-': pad on the right */
#define F_ZERO	0x02 /* '0': zero-fill inside the width */
#define F_PLUS	0x04 /* '+': always show a sign */
#define F_SPACE 0x08 /* ' ': a space where '+' would go */
#define F_ALT	0x10 /* '#': 0x for hex, leading 0 for octal */
#define F_UPPER 0x20 /* %X */
#define F_PTR	0x40 /* %p: the 0x prefix even for zero */

#define INT_MAX_ ((int)(~0U >> 1))

enum length {
	/* clang-format off */
	L_INT, L_CHAR, L_SHORT, L_LONG, L_LLONG, L_SIZE, L_MAX, L_PTRDIFF
	/* clang-format on */
};

struct out {
	char *buf;
	size_t size;
	size_t len; /* the untruncated length produced so far */
};

struct spec {
	unsigned int flags;
	int width;
	int prec; /* -1 when no precision was given */
	unsigned int base;
	enum length length;
};

/* Output keeps counting past the end so the caller learns the full length. */
static void put(struct out *o, char c)
{
	/* The last byte of the buffer is kept for the terminator. */
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_repeat(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static void put_padded(struct out *o, const char *s, size_t n,
		       const struct spec *sp)
{
	int pad = sp->width > (int)n ? sp->width - (int)n : 0;

	if (!(sp->flags & F_LEFT))
		put_repeat(o, ' ', pad);
	while (n--)
		put(o, *s++);
	if (sp->flags & F_LEFT)
		put_repeat(o, ' ', pad);
}

static void format_number(struct out *o, unsigned long long val,
			  bool negative, const struct spec *sp)
{
	/* clang-format off */
	const char *digits = sp->flags & F_UPPER ? "0123456789ABCDEF"
						 : "0123456789abcdef";
	/* clang-format on */
	char tmp[24]; /* 64 bits are at most 22 octal digits */
	const char *prefix = "";
	int ndigits = 0, prec = sp->prec, nzeros, pad;
	char sign = 0;

	if (sp->base == 16 && ((sp->flags & F_ALT && val) || sp->flags & F_PTR))
		prefix = sp->flags & F_UPPER ? "0X" : "0x";
	if (negative)
		sign = '-';
	else if (sp->flags & F_PLUS)
		sign = '+';
	else if (sp->flags & F_SPACE)
		sign = ' ';

	for (; val; val /= sp->base)
		tmp[ndigits++] = digits[val % sp->base];
	/* An explicit precision of zero prints nothing at all for zero. */
	if (!ndigits && prec != 0)
		tmp[ndigits++] = '0';
	/* '#' with %o raises the precision just enough to start with a 0. */
	if (sp->base == 8 && sp->flags & F_ALT &&
	    (!ndigits || tmp[ndigits - 1] != '0') && prec <= ndigits)
		prec = ndigits + 1;

	nzeros = prec > ndigits ? prec - ndigits : 0;
	pad = sp->width - (!!sign + (int)strlen(prefix) + nzeros + ndigits);
	/* A precision already fixes the digit count, so it overrides '0'. */
	if (pad > 0 && sp->prec < 0 &&
	    (sp->flags & (F_LEFT | F_ZERO)) == F_ZERO) {
		nzeros += pad;
		pad = 0;
	}

	if (!(sp->flags & F_LEFT))
		put_repeat(o, ' ', pad);
	if (sign)
		put(o, sign);
	while (*prefix)
		put(o, *prefix++);
	put_repeat(o, '0', nzeros);
	while (ndigits)
		put(o, tmp[--ndigits]);
	if (sp->flags & F_LEFT)
		put_repeat(o, ' ', pad);
}

/* va_list travels by pointer so every helper consumes from the same list. */
static long long get_signed(va_list *ap, enum length len)
{
	switch (len) {
	case L_CHAR:
		return (signed char)va_arg(*ap, int);
	case L_SHORT:
		return (short)va_arg(*ap, int);
	case L_LONG:
		return va_arg(*ap, long);
	case L_LLONG:
		return va_arg(*ap, long long);
	case L_SIZE:
		return va_arg(*ap, ssize_t);
	case L_MAX:
		return va_arg(*ap, intmax_t);
	case L_PTRDIFF:
		return va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, int);
	}
}

static unsigned long long get_unsigned(va_list *ap, enum length len)
{
	switch (len) {
	case L_CHAR:
		return (unsigned char)va_arg(*ap, unsigned int);
	case L_SHORT:
		return (unsigned short)va_arg(*ap, unsigned int);
	case L_LONG:
		return va_arg(*ap, unsigned long);
	case L_LLONG:
		return va_arg(*ap, unsigned long long);
	case L_SIZE:
		return va_arg(*ap, size_t);
	case L_MAX:
		return va_arg(*ap, uintmax_t);
	case L_PTRDIFF:
		return (unsigned long long)va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static unsigned int flag_bit(char c)
{
	switch (c) {
	case '-':
		return F_LEFT;
	case '0':
		return F_ZERO;
	case '+':
		return F_PLUS;
	case ' ':
		return F_SPACE;
	case '#':
		return F_ALT;
	default:
		return 0;
	}
}

/* Saturates rather than overflowing on absurd widths such as %99999999999d. */
static int parse_int(const char **fmt)
{
	int n = 0;

	for (; **fmt >= '0' && **fmt <= '9'; (*fmt)++) {
		if (n <= (INT_MAX_ - 9) / 10)
			n = n * 10 + (**fmt - '0');
	}
	return n;
}

static enum length parse_length(const char **fmt)
{
	const char *f = *fmt;
	enum length len = L_INT;

	switch (*f) {
	case 'h':
		len = f[1] == 'h' ? L_CHAR : L_SHORT;
		break;
	case 'l':
		len = f[1] == 'l' ? L_LLONG : L_LONG;
		break;
	case 'z':
		len = L_SIZE;
		break;
	case 'j':
		len = L_MAX;
		break;
	case 't':
		len = L_PTRDIFF;
		break;
	default:
		return L_INT;
	}
	*fmt += len == L_CHAR || len == L_LLONG ? 2 : 1;
	return len;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .size = size, .len = 0 };
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		struct spec sp = { .prec = -1, .base = 10 };
		const char *start = fmt;
		unsigned long long u;
		unsigned int f;
		long long v;
		char c;

		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt++;
		while ((f = flag_bit(*fmt))) {
			sp.flags |= f;
			fmt++;
		}
		if (*fmt == '*') {
			sp.width = va_arg(args, int);
			fmt++;
			/* A negative '*' width means '-' and its magnitude. */
			if (sp.width < 0) {
				sp.flags |= F_LEFT;
				/* -INT_MIN would overflow. */
				if (sp.width < -INT_MAX_)
					sp.width = -INT_MAX_;
				sp.width = -sp.width;
			}
		} else {
			sp.width = parse_int(&fmt);
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				sp.prec = va_arg(args, int);
				fmt++;
				if (sp.prec < 0)
					sp.prec = -1;
			} else {
				sp.prec = parse_int(&fmt);
			}
		}
		sp.length = parse_length(&fmt);

		switch (*fmt) {
		case 'd':
		case 'i':
			v = get_signed(&args, sp.length);
			/* Unsigned negation keeps LLONG_MIN safe. */
			u = (unsigned long long)v;
			format_number(&o, v < 0 ? 0 - u : u, v < 0, &sp);
			break;
		case 'X':
			sp.flags |= F_UPPER;
			/* fall through */
		case 'x':
		case 'o':
		case 'u':
			/* clang-format off */
			sp.base = *fmt == 'o' ? 8 : *fmt == 'u' ? 10 : 16;
			/* clang-format on */
			sp.flags &= ~(F_PLUS | F_SPACE);
			format_number(&o, get_unsigned(&args, sp.length), false,
				      &sp);
			break;
		case 'p':
			/* Always every digit, so addresses in a log line up. */
			sp.flags = (sp.flags & F_LEFT) | F_PTR;
			sp.base = 16;
			sp.prec = 16;
			format_number(&o, (unsigned long)va_arg(args, void *),
				      false, &sp);
			break;
		case 'c':
			c = (char)va_arg(args, int);
			put_padded(&o, &c, 1, &sp);
			break;
		case 's': {
			const char *s = va_arg(args, const char *);

			if (!s)
				s = "(null)";
			/* clang-format off */
			put_padded(&o, s, sp.prec < 0 ? strlen(s)
					      : strnlen(s, sp.prec), &sp);
			/* clang-format on */
			break;
		}
		case '%':
			put(&o, '%');
			break;
		case '\0':
			/* A '%' cut off by the end: echo it and stop. */
			while (start < fmt)
				put(&o, *start++);
			continue;
		default:
			/* Echo unknown conversions so the mistake shows. */
			while (start <= fmt)
				put(&o, *start++);
			break;
		}
		fmt++;
	}
	va_end(args);

	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len > (size_t)INT_MAX_ ? INT_MAX_ : (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
