/* Walker for cpio "newc" archives, the initramfs format. */
#include <kernel/compiler.h>
#include <kernel/cpio.h>
#include <kernel/errno.h>
#include <kernel/string.h>
#include <kernel/types.h>

#define CPIO_MAGIC_LEN 6
#define CPIO_FIELDS    13
#define CPIO_HDR_LEN   (CPIO_MAGIC_LEN + CPIO_FIELDS * 8) /* 110 */
#define CPIO_TRAILER   "TRAILER!!!"

/* Field order after the magic, each eight hex digits. */
enum cpio_field {
	/* clang-format off */
	F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
	F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK,
	/* clang-format on */
};

static bool parse_hex8(const char *s, u32 *res)
{
	u32 v = 0;

	for (int i = 0; i < 8; i++) {
		char c = s[i];
		u32 d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return false;
		v = (v << 4) | d;
	}
	*res = v;
	return true;
}

/*
 * Moves *pos forward by n bytes and then up to a multiple of four, all
 * within [0, len]. False when that would pass len; the arithmetic never
 * wraps because it only compares against what is left.
 */
static bool advance_padded(u64 *pos, u64 n, u64 len)
{
	u64 p = *pos, pad;

	if (n > len - p)
		return false;
	p += n;
	pad = (4 - (p & 3)) & 3;
	if (pad > len - p)
		return false;
	*pos = p + pad;
	return true;
}

long cpio_walk(const void *buf, u64 len, cpio_fn fn, void *arg,
	       const char **err, u64 *err_off)
{
	u64 pos = 0;

	return cpio_walk_next(buf, len, &pos, fn, arg, err, err_off);
}

bool cpio_more(const void *buf, u64 len, u64 *pos)
{
	const char *base = buf;

	while (*pos < len && base[*pos] == '\0')
		(*pos)++;
	return *pos < len;
}

long cpio_walk_next(const void *buf, u64 len, u64 *pos, cpio_fn fn, void *arg,
		    const char **err, u64 *err_off)
{
	const char *base = buf;
	const char *msg = NULL;
	u64 off = *pos;
	long count = 0;

	for (;;) {
		u32 f[CPIO_FIELDS];
		struct cpio_entry e;
		const char *hdr;
		u64 name_off, data_off, next;
		int ret;

		if (off == len) {
			msg = "truncated archive: no TRAILER!!!";
			goto bad;
		}
		if (len - off < CPIO_HDR_LEN) {
			msg = "truncated cpio header";
			goto bad;
		}
		hdr = base + off;
		if (memcmp(hdr, "070701", CPIO_MAGIC_LEN) != 0 &&
		    memcmp(hdr, "070702", CPIO_MAGIC_LEN) != 0) {
			msg = "bad cpio magic";
			goto bad;
		}
		for (int i = 0; i < CPIO_FIELDS; i++) {
			if (!parse_hex8(hdr + CPIO_MAGIC_LEN + i * 8, &f[i])) {
				msg = "bad hex digit in cpio header";
				goto bad;
			}
		}
		if (f[F_NAMESIZE] == 0) {
			msg = "cpio name size is zero";
			goto bad;
		}

		name_off = off + CPIO_HDR_LEN;
		if (f[F_NAMESIZE] > len - name_off) {
			msg = "cpio name runs past the end of the archive";
			goto bad;
		}
		if (base[name_off + f[F_NAMESIZE] - 1] != '\0') {
			msg = "cpio name not NUL-terminated";
			goto bad;
		}
		/* The trailer may end the buffer without its padding. */
		if (strcmp(base + name_off, CPIO_TRAILER) == 0) {
			next = name_off;
			if (!advance_padded(&next, f[F_NAMESIZE], len))
				next = len;
			*pos = next;
			break;
		}

		data_off = name_off;
		if (!advance_padded(&data_off, f[F_NAMESIZE], len) ||
		    f[F_FILESIZE] > len - data_off) {
			msg = "cpio data runs past the end of the archive";
			goto bad;
		}

		e.name = base + name_off;
		e.mode = f[F_MODE];
		e.uid = f[F_UID];
		e.gid = f[F_GID];
		e.nlink = f[F_NLINK];
		e.mtime = f[F_MTIME];
		e.data = base + data_off;
		e.size = f[F_FILESIZE];
		e.offset = off;
		count++;
		if (fn) {
			ret = fn(&e, arg);
			if (ret)
				return ret;
		}

		/* Padding missing after the last data means no trailer follows. */
		next = data_off;
		if (!advance_padded(&next, f[F_FILESIZE], len))
			next = len;
		off = next;
	}
	return count;

bad:
	if (err)
		*err = msg;
	if (err_off)
		*err_off = off;
	return -EINVAL;
}
