/*
 * procfs: /proc, made up as it is looked at.
 *
 * Only the root directory is a lasting inode. Everything below it gets a
 * fresh inode on every lookup, numbered from what it shows (a process id
 * and which file), so the same file always has the same number and
 * getcwd() can find a /proc/<pid> directory in its parent's listing. A
 * file's text is generated when it is opened, into a buffer the open file
 * keeps, so a reader sees one consistent snapshot however it reads.
 */
#define pr_fmt(fmt) "procfs: " fmt

#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/procfs.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/time.h>
#include <kernel/tty.h>

#include "fs-internal.h"

/* Above anything ramfs will count to: bits 0-7 the kind, 8-39 the pid. */
#define PROC_INO_BASE (1ULL << 48)
#define PROC_BUF_SIZE 4096
#define USER_HZ	      100

enum proc_kind {
	PK_ROOT,
	PK_SELF,
	PK_MEMINFO,
	PK_UPTIME,
	PK_PVOPS,
	PK_PID_DIR,
	PK_PID_STAT,
	PK_PID_STATUS,
	PK_PID_CMDLINE,
	PK_PID_COMM,
};

struct proc_entry {
	const char *name;
	enum proc_kind kind;
	u32 mode;
};

static const struct proc_entry root_entries[] = {
	{ "self", PK_SELF, S_IFLNK | 0777 },
	{ "meminfo", PK_MEMINFO, S_IFREG | 0444 },
	{ "uptime", PK_UPTIME, S_IFREG | 0444 },
	{ "pvops", PK_PVOPS, S_IFREG | 0444 },
};

static const struct proc_entry pid_entries[] = {
	{ "stat", PK_PID_STAT, S_IFREG | 0444 },
	{ "status", PK_PID_STATUS, S_IFREG | 0444 },
	{ "cmdline", PK_PID_CMDLINE, S_IFREG | 0444 },
	{ "comm", PK_PID_COMM, S_IFREG | 0444 },
};

static struct inode *proc_root;
static struct inode *proc_parent;

static const struct inode_ops proc_root_iops;
static const struct inode_ops proc_pid_iops;
static const struct inode_ops proc_link_iops;
static const struct file_ops proc_dir_fops;
static const struct file_ops proc_file_fops;

static inline u64 proc_ino(int pid, enum proc_kind kind)
{
	return PROC_INO_BASE | ((u64)(u32)pid << 8) | kind;
}

static inline enum proc_kind ino_kind(const struct inode *i)
{
	return (enum proc_kind)(i->ino & 0xff);
}

static inline int ino_pid(const struct inode *i)
{
	return (int)(u32)(i->ino >> 8);
}

static struct inode *proc_inode(int pid, const struct proc_entry *e)
{
	struct inode *i = inode_alloc(e->mode);

	if (!i)
		return ERR_PTR(-ENOMEM);
	i->ino = proc_ino(pid, e->kind);
	if (S_ISDIR(e->mode)) {
		i->nlink = 2;
		i->iops = &proc_pid_iops;
		i->fops = &proc_dir_fops;
	} else if (S_ISLNK(e->mode)) {
		i->iops = &proc_link_iops;
	} else {
		i->fops = &proc_file_fops;
	}
	return i;
}

static const struct proc_entry pid_dir_entry = { NULL, PK_PID_DIR, S_IFDIR | 0555 };

/* "123" -> 123; -1 for anything that is not a plain positive number. */
static int parse_pid(const char *name, size_t len)
{
	long v = 0;

	if (len == 0 || len > 9 || name[0] == '0')
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		v = v * 10 + (name[i] - '0');
	}
	return (int)v;
}

static struct inode *proc_root_lookup(struct inode *dir, const char *name, size_t len)
{
	struct process *p;
	int pid;

	if (name_is_dot(name, len))
		return inode_get(dir);
	if (name_is_dotdot(name, len))
		return inode_get(proc_parent ? proc_parent : dir);
	for (size_t k = 0; k < ARRAY_SIZE(root_entries); k++) {
		const struct proc_entry *e = &root_entries[k];

		if (strlen(e->name) == len && memcmp(e->name, name, len) == 0)
			return proc_inode(0, e);
	}
	pid = parse_pid(name, len);
	p = pid > 0 ? find_process(pid) : NULL;
	if (!p)
		return ERR_PTR(-ENOENT);
	return proc_inode(pid, &pid_dir_entry);
}

static struct inode *proc_pid_lookup(struct inode *dir, const char *name, size_t len)
{
	int pid = ino_pid(dir);

	if (name_is_dot(name, len))
		return inode_get(dir);
	if (name_is_dotdot(name, len))
		return inode_get(proc_root);
	if (!find_process(pid))
		return ERR_PTR(-ENOENT);
	for (size_t k = 0; k < ARRAY_SIZE(pid_entries); k++) {
		const struct proc_entry *e = &pid_entries[k];

		if (strlen(e->name) == len && memcmp(e->name, name, len) == 0)
			return proc_inode(pid, e);
	}
	return ERR_PTR(-ENOENT);
}

/* Cookies past the fixed entries are pid + PID_COOKIE: the next pid to list. */
#define PID_COOKIE 0x100

struct next_pid {
	int above; /* smallest pid >= this */
	int best;
};

static int find_next_pid(struct process *p, void *arg)
{
	struct next_pid *n = arg;

	if (p->pid >= n->above && (n->best < 0 || p->pid < n->best))
		n->best = p->pid;
	return 0;
}

typedef int (*emit_fn)(void *ctx, const char *name, size_t len, u64 ino, unsigned int type);

static int emit_fixed(u64 *cookie, u64 first, const struct proc_entry *tab, size_t n, int pid,
		      emit_fn emit, void *ctx)
{
	while (*cookie >= first && *cookie < first + n) {
		const struct proc_entry *e = &tab[*cookie - first];

		if (emit(ctx, e->name, strlen(e->name), proc_ino(pid, e->kind), IFTODT(e->mode)))
			return 1;
		(*cookie)++;
	}
	return 0;
}

static int proc_root_readdir(struct inode *dir, u64 *cookie, emit_fn emit, void *ctx)
{
	char name[12];

	if (*cookie == 0) {
		if (emit(ctx, ".", 1, dir->ino, DT_DIR))
			return 0;
		*cookie = 1;
	}
	if (*cookie == 1) {
		if (emit(ctx, "..", 2, proc_parent ? proc_parent->ino : dir->ino, DT_DIR))
			return 0;
		*cookie = 2;
	}
	if (emit_fixed(cookie, 2, root_entries, ARRAY_SIZE(root_entries), 0, emit, ctx))
		return 0;
	if (*cookie < PID_COOKIE)
		*cookie = PID_COOKIE;
	/* Processes come and go: find the next pid afresh every time. */
	for (;;) {
		struct next_pid n = { (int)(*cookie - PID_COOKIE), -1 };
		int len;

		for_each_process(find_next_pid, &n);
		if (n.best < 0)
			break;
		len = snprintf(name, sizeof(name), "%d", n.best);
		if (emit(ctx, name, len, proc_ino(n.best, PK_PID_DIR), DT_DIR))
			break;
		*cookie = PID_COOKIE + (u64)n.best + 1;
	}
	return 0;
}

static int proc_pid_readdir(struct inode *dir, u64 *cookie, emit_fn emit, void *ctx)
{
	if (*cookie == 0) {
		if (emit(ctx, ".", 1, dir->ino, DT_DIR))
			return 0;
		*cookie = 1;
	}
	if (*cookie == 1) {
		if (emit(ctx, "..", 2, proc_root->ino, DT_DIR))
			return 0;
		*cookie = 2;
	}
	emit_fixed(cookie, 2, pid_entries, ARRAY_SIZE(pid_entries), ino_pid(dir), emit, ctx);
	return 0;
}

static int proc_self_readlink(struct inode *ino __unused, char *buf, size_t size)
{
	struct process *p = current_proc();
	char tmp[12];
	int len;

	if (!p)
		return -ENOENT;
	len = snprintf(tmp, sizeof(tmp), "%d", p->pid);
	len = MIN((size_t)len, size);
	memcpy(buf, tmp, len);
	return len;
}

/* ---------------------------------------------------------------- file text */

struct proc_text {
	size_t len;
	char buf[PROC_BUF_SIZE];
};

static void vadd(struct proc_text *t, const char *fmt, va_list ap)
{
	int n;

	if (t->len >= sizeof(t->buf) - 1)
		return;
	n = vsnprintf(t->buf + t->len, sizeof(t->buf) - t->len, fmt, ap);
	if (n > 0)
		t->len = MIN(t->len + n, sizeof(t->buf) - 1);
}

static __printf(2, 3) void add(struct proc_text *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vadd(t, fmt, ap);
	va_end(ap);
}

/* The same for the files other subsystems fill (<kernel/procfs.h>). */
void proc_printf(struct proc_text *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vadd(t, fmt, ap);
	va_end(ap);
}

static unsigned long long kb(u64 pages)
{
	return pages * (PAGE_SIZE / 1024);
}

static void gen_meminfo(struct proc_text *t)
{
	u64 total = nr_managed_pages(), free = nr_free_pages();

	add(t, "MemTotal:       %8llu kB\n", kb(total));
	add(t, "MemFree:        %8llu kB\n", kb(free));
	add(t, "MemAvailable:   %8llu kB\n", kb(free));
	add(t, "Buffers:        %8llu kB\n", 0ULL);
	add(t, "Cached:         %8llu kB\n", 0ULL);
	add(t, "SwapCached:     %8llu kB\n", 0ULL);
	add(t, "SwapTotal:      %8llu kB\n", 0ULL);
	add(t, "SwapFree:       %8llu kB\n", 0ULL);
	add(t, "Shmem:          %8llu kB\n", 0ULL);
}

static void gen_uptime(struct proc_text *t)
{
	u64 cs = clock_ns() / (NSEC_PER_SEC / 100);

	/* Idle time is not accounted: 0.00. */
	add(t, "%llu.%02llu 0.00\n", (unsigned long long)(cs / 100),
	    (unsigned long long)(cs % 100));
}

static char state_char(const struct process *p)
{
	switch (p->state) {
	case PROC_ZOMBIE:
		return 'Z';
	case PROC_STOPPED:
		return 'T';
	default:
		if (p->thread && p->thread->state == THREAD_SLEEPING)
			return 'S';
		return 'R';
	}
}

static unsigned long long ticks(u64 ns)
{
	return ns / (NSEC_PER_SEC / USER_HZ);
}

static void gen_stat(struct proc_text *t, const struct process *p)
{
	int ppid = p->parent ? p->parent->pid : 0;
	int tty_nr = p->ctty ? (int)MKDEV(5, 1) : 0;
	int tpgid = p->ctty ? tty_foreground(p->ctty) : -1;

	/* Fields 1-24 as proc(5) lists them, then zeros up to field 52. */
	add(t, "%d (%s) %c %d %d %d %d %d %u %lu %lu %lu %lu %llu %llu %ld %ld %ld %ld %ld %ld %llu %lu %ld",
	    p->pid, p->comm, state_char(p), ppid, p->pgid, p->sid, tty_nr, tpgid, 0u,
	    0UL, 0UL, 0UL, 0UL, ticks(p->utime_ns), ticks(p->stime_ns), 0L, 0L, 20L, 0L, 1L, 0L,
	    ticks(p->start_ns), 0UL, 0L);
	for (int field = 25; field <= 52; field++)
		add(t, " 0");
	add(t, "\n");
}

static void gen_status(struct proc_text *t, const struct process *p)
{
	static const char *const names[] = {
		/* clang-format off */
		['R'] = "R (running)", ['S'] = "S (sleeping)",
		['T'] = "T (stopped)", ['Z'] = "Z (zombie)",
		/* clang-format on */
	};

	add(t, "Name:\t%s\n", p->comm);
	add(t, "State:\t%s\n", names[(unsigned char)state_char(p)]);
	add(t, "Tgid:\t%d\nPid:\t%d\nPPid:\t%d\n", p->pid, p->pid,
	    p->parent ? p->parent->pid : 0);
	add(t, "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n");
	add(t, "Threads:\t1\n");
}

static int proc_open(struct inode *ino, struct file *f)
{
	enum proc_kind kind = ino_kind(ino);
	struct process *p = NULL;
	struct proc_text *t;

	if ((f->flags & O_ACCMODE) != O_RDONLY)
		return -EACCES;
	if (kind >= PK_PID_DIR) {
		p = find_process(ino_pid(ino));
		if (!p)
			return -ENOENT;
	}
	t = kmalloc(sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->len = 0;
	t->buf[0] = '\0';
	switch (kind) {
	case PK_MEMINFO:
		gen_meminfo(t);
		break;
	case PK_UPTIME:
		gen_uptime(t);
		break;
	case PK_PVOPS:
		arch_proc_pvops(t);
		break;
	case PK_PID_STAT:
		gen_stat(t, p);
		break;
	case PK_PID_STATUS:
		gen_status(t, p);
		break;
	case PK_PID_CMDLINE:
		/* The arguments live in the process's memory; its name stands in. */
		add(t, "%s", p->comm);
		t->len++; /* keep the NUL: cmdline is NUL-separated */
		break;
	case PK_PID_COMM:
		add(t, "%s\n", p->comm);
		break;
	default:
		break;
	}
	f->priv = t;
	return 0;
}

static ssize_t proc_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	struct proc_text *t = f->priv;

	if (!t || *pos >= t->len)
		return 0;
	n = MIN(n, t->len - *pos);
	memcpy(buf, t->buf + *pos, n);
	*pos += n;
	return n;
}

static void proc_release(struct file *f)
{
	kfree(f->priv);
}

static const struct inode_ops proc_root_iops = {
	.lookup = proc_root_lookup,
	.readdir = proc_root_readdir,
};

static const struct inode_ops proc_pid_iops = {
	.lookup = proc_pid_lookup,
	.readdir = proc_pid_readdir,
};

static const struct inode_ops proc_link_iops = {
	.readlink = proc_self_readlink,
};

static const struct file_ops proc_dir_fops;

static const struct file_ops proc_file_fops = {
	.open = proc_open,
	.read = proc_read,
	.release = proc_release,
};

struct inode *procfs_init(struct inode *parent)
{
	struct inode *root = inode_alloc(S_IFDIR | 0555);

	if (!root)
		return NULL;
	root->ino = proc_ino(0, PK_ROOT);
	root->nlink = 2;
	root->iops = &proc_root_iops;
	root->fops = &proc_dir_fops;
	/* procfs keeps its root for ever: one reference is never put. */
	proc_root = inode_get(root);
	proc_parent = parent;
	return root;
}
