/*
 * The kernel log as records, for syslog(2) (klogctl, busybox dmesg) and
 * /dev/kmsg. printk() hands each message here with its level and time
 * (kmsg_store()); a record keeps its sequence number, level, facility,
 * time and text. Records live in a ring of headers over a ring of text
 * bytes; the oldest go when either is full. A reader holds a sequence
 * number: one that fell behind the oldest record lost some (EPIPE on
 * /dev/kmsg, as Linux).
 *
 * Interrupts off is the lock (printk runs anywhere). printk does not wake
 * readers (it may run inside the scheduler); a blocked reader looks again
 * at fs/poll.c's rescan interval.
 */
#include <asm/irqflags.h>
#include <kernel/cred.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/initcall.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/signal_ext.h>
#include <kernel/string.h>
#include <kernel/syscall.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>
#include <kernel/unistd.h>

#define KMSG_RECORDS 2048
#define KMSG_TEXT    (64 * 1024)
#define KMSG_LINE    1024 /* longest record text kept */

#define LOG_USER   1 /* facility of what user space writes */
#define LOG_NOTICE 5
#define SEEK_SET   0
#define SEEK_END   2
#define SEEK_DATA  3
#define CAP_SYSLOG 34

struct kmsg_rec {
	u64 ts_ns;
	u64 text; /* where its text starts in the stream of text bytes */
	u16 len;
	u8 level;
	u8 facility;
};

static struct kmsg_rec recs[KMSG_RECORDS];
static char text_ring[KMSG_TEXT];
static u64 text_head;  /* text bytes ever stored */
static u64 first_seq;  /* the oldest record kept */
static u64 next_seq;   /* the next record's number */
static u64 clear_seq;  /* SYSLOG_ACTION_CLEAR: READ_ALL starts here */
static u64 syslog_seq; /* SYSLOG_ACTION_READ: the next one it takes */
static bool last_open; /* the newest record may still be continued */

static struct kmsg_rec *rec(u64 seq)
{
	return &recs[seq % KMSG_RECORDS];
}

/* Drops the oldest records until n more text bytes and one more header fit. */
static void make_room(size_t n)
{
	while (first_seq < next_seq && (next_seq - first_seq >= KMSG_RECORDS ||
					rec(first_seq)->text + KMSG_TEXT < text_head + n))
		first_seq++;
	if (clear_seq < first_seq)
		clear_seq = first_seq;
}

static void put_text(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		text_ring[(text_head + i) % KMSG_TEXT] = s[i];
	text_head += n;
}

/* Interrupts off. A continuation extends the newest record when it is still open. */
static void store_locked(int facility, int level, bool cont, u64 ts_ns, const char *s, size_t n)
{
	bool ends = n && s[n - 1] == '\n';

	if (ends)
		n--;
	if (cont && last_open && next_seq > first_seq) {
		struct kmsg_rec *r = rec(next_seq - 1);

		n = MIN(n, (size_t)(KMSG_LINE - r->len));
		make_room(n);
		if (next_seq > first_seq) {
			put_text(s, n);
			r->len += (u16)n;
			last_open = !ends;
			return;
		}
	}
	n = MIN(n, (size_t)KMSG_LINE);
	make_room(n);
	*rec(next_seq) = (struct kmsg_rec){ ts_ns, text_head, (u16)n, (u8)(level & 7),
					    (u8)facility };
	put_text(s, n);
	next_seq++;
	last_open = !ends;
}

void kmsg_store(int level, bool cont, u64 ts_ns, const char *s, size_t n)
{
	unsigned long flags = arch_local_irq_save();

	store_locked(0, level, cont, ts_ns, s, n);
	arch_local_irq_restore(flags);
}

/* Appends k bytes at *len when they fit in size (buf NULL: only counts). */
static void emit(char *buf, size_t size, size_t *len, const char *s, size_t k)
{
	if (buf && *len + k <= size)
		memcpy(buf + *len, s, k);
	*len += k;
}

/*
 * Record seq in syslog's form, "<prio>[secs.usecs] text\n", or /dev/kmsg's,
 * "prio,seq,usecs,-;text\n" (non-printable bytes as \xNN). Its length; 0
 * when it is gone, or did not fit in size (buf NULL: only the length).
 * Interrupts off.
 */
static size_t format(u64 seq, bool dev, char *buf, size_t size)
{
	const struct kmsg_rec *r = rec(seq);
	unsigned int prio = (unsigned int)r->facility << 3 | r->level;
	u64 us = r->ts_ns / 1000;
	char tmp[64];
	size_t len = 0;

	if (seq < first_seq || seq >= next_seq)
		return 0;
	if (dev)
		snprintf(tmp, sizeof(tmp), "%u,%llu,%llu,-;", prio, (unsigned long long)seq,
			 (unsigned long long)us);
	else
		snprintf(tmp, sizeof(tmp), "<%u>[%5llu.%06llu] ", prio,
			 (unsigned long long)(us / 1000000), (unsigned long long)(us % 1000000));
	emit(buf, size, &len, tmp, strlen(tmp));
	for (u16 i = 0; i < r->len; i++) {
		char c = text_ring[(r->text + i) % KMSG_TEXT];
		unsigned char u = (unsigned char)c;

		if (dev && (u < ' ' || u >= 127 || c == '\\')) {
			snprintf(tmp, sizeof(tmp), "\\x%02x", u);
			emit(buf, size, &len, tmp, 4);
		} else {
			emit(buf, size, &len, &c, 1);
		}
	}
	emit(buf, size, &len, "\n", 1);
	return buf && len > size ? 0 : len;
}

/* ---------------------------------------------------------------- syslog */

enum {
	SYSLOG_ACTION_CLOSE,
	SYSLOG_ACTION_OPEN,
	SYSLOG_ACTION_READ,
	SYSLOG_ACTION_READ_ALL,
	SYSLOG_ACTION_READ_CLEAR,
	SYSLOG_ACTION_CLEAR,
	SYSLOG_ACTION_CONSOLE_OFF,
	SYSLOG_ACTION_CONSOLE_ON,
	SYSLOG_ACTION_CONSOLE_LEVEL,
	SYSLOG_ACTION_SIZE_UNREAD,
	SYSLOG_ACTION_SIZE_BUFFER,
};

/* Formats records from *seq on into buf while whole ones fit; bytes. Interrupts off. */
static size_t format_from(u64 *seq, char *buf, size_t size)
{
	size_t done = 0;

	if (*seq < first_seq)
		*seq = first_seq;
	while (*seq < next_seq) {
		size_t n = format(*seq, false, buf + done, size - done);

		if (!n)
			break;
		done += n;
		(*seq)++;
	}
	return done;
}

/* Bytes that records from seq on take in syslog's form. Interrupts off. */
static size_t size_from(u64 seq)
{
	size_t total = 0;

	for (seq = MAX(seq, first_seq); seq < next_seq; seq++)
		total += format(seq, false, NULL, 0);
	return total;
}

/* READ_ALL: the newest records that fit in len, oldest first. */
static long read_all(char *kbuf, size_t len, bool clear)
{
	unsigned long flags = arch_local_irq_save();
	u64 seq = MAX(clear_seq, first_seq);
	size_t total = size_from(seq), n;

	/* Skip the oldest until the rest fits. */
	while (total > len && seq < next_seq)
		total -= format(seq++, false, NULL, 0);
	n = format_from(&seq, kbuf, len);
	if (clear)
		clear_seq = next_seq;
	arch_local_irq_restore(flags);
	return (long)n;
}

/* READ: waits for records past what an earlier READ took, takes them. */
static long read_unread(char *kbuf, size_t len)
{
	for (;;) {
		unsigned long flags = arch_local_irq_save();
		u64 gen = fs_poll_gen();
		size_t n = 0;

		if (syslog_seq < next_seq)
			n = format_from(&syslog_seq, kbuf, len);
		arch_local_irq_restore(flags);
		if (n)
			return (long)n;
		if (signal_pending())
			return -ERESTARTSYS;
		fs_poll_sleep(gen, 0);
	}
}

static long sys_syslog(unsigned long type, unsigned long ubuf, unsigned long ulen)
{
	static int saved_level = -1;
	int len = (int)ulen;
	unsigned long flags;
	char *kbuf;
	long ret;

	/* dmesg_restrict=0: anyone may read the whole log or ask its size. */
	if (type != SYSLOG_ACTION_READ_ALL && type != SYSLOG_ACTION_SIZE_BUFFER &&
	    type != SYSLOG_ACTION_CLOSE && type != SYSLOG_ACTION_OPEN && !capable(CAP_SYSLOG) &&
	    !capable(CAP_SYS_ADMIN))
		return -EPERM;
	switch (type) {
	case SYSLOG_ACTION_CLOSE:
	case SYSLOG_ACTION_OPEN:
		return 0;
	case SYSLOG_ACTION_READ:
	case SYSLOG_ACTION_READ_ALL:
	case SYSLOG_ACTION_READ_CLEAR:
		if (!ubuf || len < 0)
			return -EINVAL;
		if (!len)
			return 0;
		if (!user_range_ok((void *)ubuf, (size_t)len))
			return -EFAULT;
		len = MIN(len, KMSG_TEXT * 4);
		kbuf = kmalloc((size_t)len);
		if (!kbuf)
			return -ENOMEM;
		if (type == SYSLOG_ACTION_READ)
			ret = read_unread(kbuf, (size_t)len);
		else
			ret = read_all(kbuf, (size_t)len, type == SYSLOG_ACTION_READ_CLEAR);
		if (ret > 0 && copy_to_user((void *)ubuf, kbuf, (size_t)ret))
			ret = -EFAULT;
		kfree(kbuf);
		return ret;
	case SYSLOG_ACTION_CLEAR:
		flags = arch_local_irq_save();
		clear_seq = next_seq;
		arch_local_irq_restore(flags);
		return 0;
	case SYSLOG_ACTION_CONSOLE_OFF:
		if (saved_level < 0)
			saved_level = printk_console_level(1);
		return 0;
	case SYSLOG_ACTION_CONSOLE_ON:
		if (saved_level >= 0)
			printk_console_level(saved_level);
		saved_level = -1;
		return 0;
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		if (len < 1 || len > 8)
			return -EINVAL;
		printk_console_level(MAX(len, 1));
		saved_level = -1;
		return 0;
	case SYSLOG_ACTION_SIZE_UNREAD:
		flags = arch_local_irq_save();
		ret = (long)size_from(syslog_seq);
		arch_local_irq_restore(flags);
		return ret;
	case SYSLOG_ACTION_SIZE_BUFFER:
		return KMSG_TEXT;
	}
	return -EINVAL;
}
SYSCALL(__NR_syslog, syslog, sys_syslog);

/* ---------------------------------------------------------------- /dev/kmsg */

struct kmsg_reader {
	u64 seq;
};

static int kmsg_open(struct inode *ino, struct file *f)
{
	struct kmsg_reader *r;
	unsigned long flags;

	(void)ino;
	if ((f->flags & O_ACCMODE) == O_WRONLY)
		return 0;
	r = kzalloc(sizeof(*r));
	if (!r)
		return -ENOMEM;
	flags = arch_local_irq_save();
	r->seq = first_seq;
	arch_local_irq_restore(flags);
	f->priv = r;
	return 0;
}

static void kmsg_release(struct file *f)
{
	kfree(f->priv);
}

static ssize_t kmsg_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	struct kmsg_reader *r = f->priv;

	(void)pos;
	if (!r)
		return -EBADF;
	for (;;) {
		unsigned long flags = arch_local_irq_save();
		u64 gen = fs_poll_gen();
		size_t len = 0;

		if (r->seq < first_seq) {
			/* Overwritten before this reader got them: say so once, go on. */
			r->seq = first_seq;
			arch_local_irq_restore(flags);
			return -EPIPE;
		}
		if (r->seq < next_seq) {
			len = format(r->seq, true, buf, n);
			if (len)
				r->seq++;
			arch_local_irq_restore(flags);
			/* 0: the record does not fit. */
			return len ? (ssize_t)len : -EINVAL;
		}
		arch_local_irq_restore(flags);
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (signal_pending())
			return -ERESTARTSYS;
		fs_poll_sleep(gen, 0);
	}
}

/* A write is one record: an optional "<prio>" then the text (LOG_USER, LOG_NOTICE by default). */
static ssize_t kmsg_write(struct file *f, const void *buf, size_t n, u64 *pos)
{
	const char *s = buf;
	int facility = LOG_USER, level = LOG_NOTICE;
	size_t skip = 0;
	unsigned long flags;

	(void)f;
	(void)pos;
	if (n >= 3 && s[0] == '<') {
		unsigned int prio = 0;
		size_t i = 1;

		while (i < n && i < 12 && s[i] >= '0' && s[i] <= '9')
			prio = prio * 10 + (unsigned int)(s[i++] - '0');
		if (i > 1 && i < n && s[i] == '>') {
			facility = (int)(prio >> 3) ? (int)(prio >> 3) & 0xff : LOG_USER;
			level = (int)(prio & 7);
			skip = i + 1;
		}
	}
	flags = arch_local_irq_save();
	store_locked(facility, level, false, time_ready() ? clock_ns() : 0, s + skip, n - skip);
	last_open = false;
	arch_local_irq_restore(flags);
	return (ssize_t)n;
}

static unsigned int kmsg_poll(struct file *f)
{
	struct kmsg_reader *r = f->priv;
	unsigned long flags = arch_local_irq_save();
	unsigned int mask = POLLOUT;

	if (r && r->seq < first_seq)
		mask |= POLLIN | POLLERR | POLLPRI;
	else if (r && r->seq < next_seq)
		mask |= POLLIN;
	arch_local_irq_restore(flags);
	return mask;
}

/* Only to an end: the first record (SEEK_SET), after CLEAR (SEEK_DATA), the next one (SEEK_END). */
static s64 kmsg_llseek(struct file *f, s64 off, int whence)
{
	struct kmsg_reader *r = f->priv;
	unsigned long flags;

	if (!r)
		return -EBADF;
	if (off)
		return -ESPIPE;
	flags = arch_local_irq_save();
	switch (whence) {
	case SEEK_SET:
		r->seq = first_seq;
		break;
	case SEEK_DATA:
		r->seq = MAX(clear_seq, first_seq);
		break;
	case SEEK_END:
		r->seq = next_seq;
		break;
	default:
		arch_local_irq_restore(flags);
		return -EINVAL;
	}
	arch_local_irq_restore(flags);
	return 0;
}

static const struct file_ops kmsg_fops = {
	.open = kmsg_open,
	.read = kmsg_read,
	.write = kmsg_write,
	.poll = kmsg_poll,
	.release = kmsg_release,
	.llseek = kmsg_llseek,
};

static int kmsg_init(void)
{
	return chrdev_register(1, 11, "kmsg", &kmsg_fops);
}
initcall(kmsg_init, INITCALL_DRIVER);
