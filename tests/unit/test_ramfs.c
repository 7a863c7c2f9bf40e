/*
 * Host unit tests of the file system layer (fs/): ramfs, path lookup,
 * descriptor tables, pipes, devices, procfs, the initramfs unpacker, and
 * the system calls, reached through the "syscalls" section as the kernel's
 * dispatcher reaches them.
 *
 * Kernel allocations are host allocations, counted: a test that undoes
 * what it did must leave the count where it found it, which catches
 * reference-count leaks that ASan would not see (the root keeps them
 * reachable). A countdown makes the n-th allocation fail.
 */
/* compiler.h before glibc, whose cdefs.h redefines __always_inline. */
#include <kernel/compiler.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/blkdev.h>
#include <kernel/cpio.h>
#include <kernel/devpts.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/resource.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/procfs.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/signal_ext.h>
#include <kernel/syscall.h>
#include <kernel/time.h>
#include <kernel/tty.h>
#include <kernel/irq.h>
#include <kernel/uaccess.h>
#include <kernel/utsname.h>

#include "../../fs/fs-internal.h"
#include "unit.h"

#define U(x) ((unsigned long)(x))

/* ---------------------------------------------------------------- kernel stand-ins */

static long live_allocs;
static long fail_countdown = -1; /* the allocation that fails, counting down */

static bool inject_failure(void)
{
	if (fail_countdown < 0)
		return false;
	return fail_countdown-- == 0;
}

void *kmalloc(size_t size)
{
	void *p;

	if (inject_failure())
		return NULL;
	p = malloc(size ? size : 1);
	if (p) {
		live_allocs++;
		memset(p, 0xa5, size); /* garbage, as a real heap would give */
	}
	return p;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(const void *p)
{
	if (p) {
		live_allocs--;
		free((void *)p);
	}
}

void *alloc_page_zeroed(void)
{
	void *p;

	if (inject_failure())
		return NULL;
	p = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	if (p) {
		live_allocs++;
		memset(p, 0, PAGE_SIZE);
	}
	return p;
}

void free_page_va(void *va)
{
	kfree(va);
}

/*
 * Counted pages, as a shared mapping takes them (mm/buddy.c): the extra
 * references a test holds, by address; the last put frees.
 */
static struct {
	void *va;
	int extra;
} page_refs[8];

void get_page_va(void *va)
{
	for (size_t i = 0; i < ARRAY_SIZE(page_refs); i++) {
		if (page_refs[i].va == va || !page_refs[i].va) {
			page_refs[i].va = va;
			page_refs[i].extra++;
			return;
		}
	}
	fprintf(stderr, "get_page_va: more pages referenced than the test can count\n");
	abort();
}

void put_page_va(void *va)
{
	for (size_t i = 0; i < ARRAY_SIZE(page_refs); i++) {
		if (page_refs[i].va == va) {
			if (--page_refs[i].extra == 0)
				page_refs[i].va = NULL;
			return;
		}
	}
	kfree(va);
}

/* What a truncate asked mm to unmap (vm_unmap_file()). */
static struct inode *unmapped_ino;
static u64 unmapped_from;

void vm_unmap_file(struct inode *ino, u64 from)
{
	unmapped_ino = ino;
	unmapped_from = from;
}

u64 nr_free_pages(void)
{
	return 1000;
}

u64 nr_managed_pages(void)
{
	return 4096;
}

static u64 fake_ns = 5 * NSEC_PER_SEC;

u64 native_clock_ns(void)
{
	return fake_ns += 1000;
}

u64 realtime_offset_ns(void)
{
	return 1700000000ULL * NSEC_PER_SEC;
}

/* What the architecture puts in /proc/pvops, through procfs's proc_printf. */
void arch_proc_pvops(struct proc_text *t)
{
	proc_printf(t, "backend:  testpv\nsites:    10\ninlined:  6\ncalls:    2\n");
	proc_printf(t, "nops:     1\nindirect: 1\n");
}

/* /proc/cpuinfo's arch part. */
void arch_proc_cpuinfo(struct proc_text *t)
{
	proc_printf(t, "processor\t: 0\nvendor_id\t: TestVendor\n\n");
}

const char *arch_hypervisor_type(void)
{
	return NULL;
}

bool arch_xen_control_domain(void)
{
	return false;
}

void arch_xen_proc_mappings(struct proc_text *t)
{
	(void)t;
}

int arch_hypervisor_version(unsigned int *major, unsigned int *minor, char *extra, size_t size)
{
	(void)major, (void)minor, (void)extra, (void)size;
	return -ENOENT;
}

const char *arch_kernel_cmdline(void)
{
	return "console=ttyS0 quiet";
}

/* What the scheduler would have counted: 3 s idle of the 5 s up, 1 s of it in user mode. */
void sched_get_stats(struct sched_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->idle_ns = 3 * NSEC_PER_SEC;
	st->user_ns = NSEC_PER_SEC;
	st->switches = 77;
	st->forks = 9;
	st->running = 1;
	st->threads = 4;
	st->last_pid = 42;
	st->load[0] = 1UL << SCHED_FSHIFT; /* 1.00 */
}

u64 irq_count(unsigned int irq)
{
	return irq == 0 ? 5 : 0;
}

void utsname_get(struct utsname *u)
{
	memset(u, 0, sizeof(*u));
	strcpy(u->sysname, "Linux");
	strcpy(u->nodename, "unit");
	strcpy(u->release, "6.1.0-test");
	strcpy(u->version, "#1 test");
	strcpy(u->machine, "x86_64");
	strcpy(u->domainname, "(none)");
}

static struct process procs[2];
static struct process *cur;
static int last_signal;

struct process *current_proc(void)
{
	return cur;
}

struct process *find_process(int pid)
{
	for (size_t i = 0; i < ARRAY_SIZE(procs); i++)
		if (procs[i].pid == pid)
			return &procs[i];
	return NULL;
}

int for_each_process(int (*fn)(struct process *p, void *arg), void *arg)
{
	/* Backwards, so procfs cannot rely on the list being sorted. */
	for (size_t i = ARRAY_SIZE(procs); i-- > 0;) {
		int r = fn(&procs[i], arg);

		if (r)
			return r;
	}
	return 0;
}

/* Single-threaded processes: each its own group, nothing shared (kernel/thread_group.c). */
struct process *group_leader(const struct process *p)
{
	return (struct process *)p;
}

struct process *group_parent(const struct process *p)
{
	return p->parent;
}

int files_unshare(struct process *p __unused)
{
	return 0; /* no table is shared here */
}

void fs_share_sync(struct process *p __unused)
{
}

int tty_foreground(struct tty *t __unused)
{
	return 0;
}

u32 tty_devnum(struct tty *t __unused)
{
	return 0;
}

/* RLIMIT_NOFILE, which the tests set; every other limit is unlimited. */
#define TEST_NOFILE 64
static u64 nofile_limit = TEST_NOFILE;

u64 proc_rlimit(struct process *p __unused, unsigned int res)
{
	return res == RLIMIT_NOFILE ? nofile_limit : ~0ULL;
}

int send_signal(struct process *p __unused, int sig)
{
	last_signal = sig;
	return 0;
}

int send_signal_pgrp(int pgid __unused, int sig)
{
	last_signal = sig;
	return 0;
}

bool signal_pending(void)
{
	return false;
}

/* The calling thread's signal mask, as ppoll sets it for its wait. */
static u64 test_blocked;

u64 sigmask_wait_begin(u64 mask)
{
	u64 old = test_blocked;

	test_blocked = mask;
	return old;
}

void sigmask_wait_end(u64 saved, bool interrupted __unused)
{
	test_blocked = saved;
}

static struct thread test_thread;
struct thread *current = &test_thread;

void wait_queue_init(struct wait_queue *wq)
{
	list_init(&wq->waiters);
}

void wake_up_all(struct wait_queue *wq __unused)
{
}

void wait_queue_sleep(struct wait_queue *wq __unused)
{
	fprintf(stderr, "a test went to sleep: it would never wake\n");
	abort();
}

void wait_queue_sleep_until(struct wait_queue *wq, u64 deadline_ns __unused)
{
	wait_queue_sleep(wq);
}

void timer_arm(struct timer *t __unused, u64 expires_ns __unused)
{
}

bool timer_cancel(struct timer *t __unused)
{
	return false;
}

/* A user pointer below 64 KiB stands for an unmapped address. */
static bool bad_user(const void *p, size_t n)
{
	return n && (uintptr_t)p < 0x10000;
}

int copy_from_user(void *dst, const void *usrc, size_t n)
{
	if (bad_user(usrc, n))
		return -EFAULT;
	memcpy(dst, usrc, n);
	return 0;
}

int copy_to_user(void *udst, const void *src, size_t n)
{
	if (bad_user(udst, n))
		return -EFAULT;
	memcpy(udst, src, n);
	return 0;
}

/* The VFS checked the range; a "user" pointer below 64 KiB still faults. */
int copy_checked(void *dst, const void *src, size_t n)
{
	if (bad_user(dst, n) || bad_user(src, n))
		return -EFAULT;
	memcpy(dst, src, n);
	return 0;
}

int clear_user(void *udst, size_t n)
{
	if (bad_user(udst, n))
		return -EFAULT;
	memset(udst, 0, n);
	return 0;
}

long strncpy_from_user(char *dst, const char *usrc, size_t max)
{
	if (bad_user(usrc, 1))
		return -EFAULT;
	for (size_t i = 0; i < max; i++) {
		dst[i] = usrc[i];
		if (!usrc[i])
			return i;
	}
	return -ENAMETOOLONG;
}

/* ---------------------------------------------------------------- helpers */

extern const struct syscall_entry __start_syscalls[], __stop_syscalls[];

static long sysN(unsigned int nr, unsigned long a1, unsigned long a2, unsigned long a3,
		 unsigned long a4, unsigned long a5, unsigned long a6, ...)
{
	for (const struct syscall_entry *e = __start_syscalls; e < __stop_syscalls; e++)
		if (e->nr == nr)
			return e->fn(a1, a2, a3, a4, a5, a6);
	fprintf(stderr, "  system call %u is not registered\n", nr);
	unit_failed_checks++;
	return -ENOSYS;
}
#define SYS(...) sysN(__VA_ARGS__, 0, 0, 0, 0, 0, 0)

static void setup(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	vfs_init();
	procs[0].pid = procs[0].tgid = 1;
	procs[0].pgid = 1;
	procs[0].sid = 1;
	strcpy(procs[0].comm, "init");
	procs[1].pid = procs[1].tgid = 42;
	procs[1].pgid = 42;
	procs[1].sid = 1;
	procs[1].parent = &procs[0];
	procs[1].umask = 022;
	strcpy(procs[1].comm, "sh");
	procs[1].files = files_alloc();
	cur = &procs[1];
}

static void set_cwd_root(void)
{
	inode_put(cur->cwd);
	cur->cwd = NULL;
}

static int err_of(const void *p)
{
	return IS_ERR(p) ? (int)PTR_ERR(p) : 0;
}

/* The error of looking path up (0 if found). */
static int lookup_err(const char *path, bool follow)
{
	struct inode *i = path_lookup(path, follow);

	if (IS_ERR(i))
		return (int)PTR_ERR(i);
	inode_put(i);
	return 0;
}

static u64 ino_of(const char *path)
{
	struct inode *i = path_lookup(path, false);
	u64 n;

	if (IS_ERR(i))
		return 0;
	n = i->ino;
	inode_put(i);
	return n;
}

static int put_file(const char *path, const char *data, size_t len)
{
	struct file *f;
	int err;
	u64 pos = 0;

	f = vfs_open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644, &err);
	if (!f)
		return err;
	if (len)
		err = (int)f->ops->write(f, data, len, &pos);
	file_put(f);
	return err < 0 ? err : 0;
}

/* Up to size bytes of path into buf; the count or -errno. */
static long get_file(const char *path, char *buf, size_t size)
{
	struct file *f;
	int err;
	long n;

	f = vfs_open(path, O_RDONLY, 0, &err);
	if (!f)
		return err;
	n = kernel_read(f, buf, size, 0);
	file_put(f);
	return n;
}

struct names {
	int n, stop_after;
	char name[64][64];
	u64 ino[64];
};

static int collect(void *ctx, const char *name, size_t len, u64 ino,
		   unsigned int type __unused)
{
	struct names *nm = ctx;

	if (nm->stop_after && nm->n >= nm->stop_after)
		return 1;
	if (nm->n < 64 && len < 64) {
		memcpy(nm->name[nm->n], name, len);
		nm->name[nm->n][len] = '\0';
		nm->ino[nm->n] = ino;
	}
	nm->n++;
	return 0;
}

static int list_dir(const char *path, struct names *nm)
{
	struct inode *dir = path_lookup(path, true);
	u64 cookie = 0;

	memset(nm, 0, sizeof(*nm));
	if (IS_ERR(dir))
		return (int)PTR_ERR(dir);
	dir->iops->readdir(dir, &cookie, collect, nm);
	inode_put(dir);
	return 0;
}

static bool listed(const struct names *nm, const char *name)
{
	for (int i = 0; i < nm->n && i < 64; i++)
		if (strcmp(nm->name[i], name) == 0)
			return true;
	return false;
}

/* ---------------------------------------------------------------- ramfs */

static void test_boot_tree(void)
{
	struct names nm;

	setup();
	CHECK_EQ(lookup_err("/", true), 0);
	CHECK_EQ(lookup_err("/dev/null", true), 0);
	CHECK_EQ(lookup_err("/dev/console", true), 0);
	CHECK_EQ(lookup_err("/tmp", true), 0);
	CHECK_EQ(list_dir("/", &nm), 0);
	CHECK(listed(&nm, ".") && listed(&nm, "..") && listed(&nm, "dev"));
	CHECK(listed(&nm, "proc") && listed(&nm, "tmp"));
	/* The root is its own parent. */
	CHECK_EQ(ino_of("/.."), ino_of("/"));
}

static void test_create_lookup_unlink(void)
{
	long base;
	struct inode *dir, *i;
	struct names nm;

	setup();
	base = live_allocs;
	CHECK_EQ(vfs_mknod(NULL, "/tmp/d1", S_IFDIR | 0755, 0, NULL), 0);
	CHECK_EQ(vfs_mknod(NULL, "/tmp/d1", S_IFDIR | 0755, 0, NULL), -EEXIST);
	CHECK_EQ(put_file("/tmp/d1/a", "x", 1), 0);
	CHECK_EQ(vfs_mknod(NULL, "/tmp/d1/sub", S_IFDIR | 0700, 0, NULL), 0);
	CHECK_EQ(vfs_mknod(NULL, "/tmp/d1/a", S_IFREG | 0600, 0, NULL), -EEXIST);
	CHECK_EQ(vfs_mknod(NULL, "/tmp/nope/a", S_IFREG | 0600, 0, NULL), -ENOENT);
	CHECK_EQ(vfs_mknod(NULL, "/tmp/d1/a/b", S_IFREG | 0600, 0, NULL), -ENOTDIR);

	dir = path_lookup("/tmp/d1", true);
	CHECK(!IS_ERR(dir));
	CHECK_EQ(dir->nlink, 3); /* ".", its name, and sub's ".." */
	i = path_lookup("/tmp/d1/a", true);
	CHECK(!IS_ERR(i) && S_ISREG(i->mode) && i->size == 1);
	CHECK(i->ino != dir->ino);
	CHECK(i->mtime > 1700000000ULL * NSEC_PER_SEC); /* wall-clock time */
	inode_put(i);
	inode_put(dir);

	CHECK_EQ(list_dir("/tmp/d1", &nm), 0);
	CHECK_EQ(nm.n, 4);
	CHECK(listed(&nm, "a") && listed(&nm, "sub"));

	CHECK_EQ(vfs_unlink(NULL, "/tmp/d1", true), -ENOTEMPTY);
	CHECK_EQ(vfs_unlink(NULL, "/tmp/d1/sub", false), -EISDIR);
	CHECK_EQ(vfs_unlink(NULL, "/tmp/d1/a", true), -ENOTDIR);
	CHECK_EQ(vfs_unlink(NULL, "/tmp/d1/a/", false), -ENOTDIR);
	CHECK_EQ(vfs_unlink(NULL, "/tmp/d1/.", true), -EINVAL);
	CHECK_EQ(vfs_unlink(NULL, "/tmp/d1/..", true), -ENOTEMPTY);
	CHECK_EQ(vfs_unlink(NULL, "/", true), -EBUSY);
	CHECK_EQ(vfs_unlink(NULL, "/proc", true), -EBUSY);
	CHECK_EQ(vfs_unlink(NULL, "/tmp/d1/a", false), 0);
	CHECK_EQ(vfs_unlink(NULL, "/tmp/d1/a", false), -ENOENT);
	CHECK_EQ(vfs_unlink(NULL, "/tmp/d1/sub/", true), 0);
	CHECK_EQ(vfs_unlink(NULL, "/tmp/d1", true), 0);
	CHECK_EQ(lookup_err("/tmp/d1", true), -ENOENT);
	CHECK_EQ(live_allocs, base);
}

static void test_open_file_survives_unlink(void)
{
	struct file *f;
	char buf[8];
	long base;
	int err;

	setup();
	base = live_allocs;
	CHECK_EQ(put_file("/tmp/ghost", "boo", 3), 0);
	f = vfs_open("/tmp/ghost", O_RDONLY, 0, &err);
	CHECK(f != NULL);
	CHECK_EQ(vfs_unlink(NULL, "/tmp/ghost", false), 0);
	CHECK_EQ(f->inode->nlink, 0);
	CHECK_EQ(kernel_read(f, buf, sizeof(buf), 0), 3);
	CHECK(memcmp(buf, "boo", 3) == 0);
	file_put(f);
	CHECK_EQ(live_allocs, base);
}

static void test_rename(void)
{
	struct inode *d, *cwd;
	char buf[16];
	long base;

	setup();
	base = live_allocs;
	CHECK_EQ(vfs_mknod(NULL, "/tmp/r", S_IFDIR | 0755, 0, NULL), 0);
	CHECK_EQ(vfs_mknod(NULL, "/tmp/r/d", S_IFDIR | 0755, 0, NULL), 0);
	CHECK_EQ(vfs_mknod(NULL, "/tmp/r/e", S_IFDIR | 0755, 0, NULL), 0);
	CHECK_EQ(put_file("/tmp/r/f", "one", 3), 0);
	CHECK_EQ(put_file("/tmp/r/g", "two", 3), 0);

	/* A file over a file: the old one goes, the name now shows "one". */
	CHECK_EQ(vfs_rename(NULL, "/tmp/r/f", NULL, "/tmp/r/g"), 0);
	CHECK_EQ(lookup_err("/tmp/r/f", true), -ENOENT);
	CHECK_EQ(get_file("/tmp/r/g", buf, sizeof(buf)), 3);
	CHECK(memcmp(buf, "one", 3) == 0);
	/* Into another directory, with a new name. */
	CHECK_EQ(vfs_rename(NULL, "/tmp/r/g", NULL, "/tmp/r/d/h"), 0);
	CHECK_EQ(lookup_err("/tmp/r/d/h", true), 0);
	/* Type mismatches, a directory into itself, and busy names. */
	CHECK_EQ(put_file("/tmp/r/x", "", 0), 0);
	CHECK_EQ(vfs_rename(NULL, "/tmp/r/x", NULL, "/tmp/r/e"), -EISDIR);
	CHECK_EQ(vfs_rename(NULL, "/tmp/r/e", NULL, "/tmp/r/x"), -ENOTDIR);
	CHECK_EQ(vfs_rename(NULL, "/tmp/r", NULL, "/tmp/r/d/inside"), -EINVAL);
	CHECK_EQ(vfs_rename(NULL, "/tmp/r/e", NULL, "/tmp/r/d"), -ENOTEMPTY);
	CHECK_EQ(vfs_rename(NULL, "/tmp/r/x/", NULL, "/tmp/r/y"), -ENOTDIR);
	CHECK_EQ(vfs_rename(NULL, "/tmp/r/.", NULL, "/tmp/r/y"), -EINVAL);
	CHECK_EQ(vfs_rename(NULL, "/proc", NULL, "/tmp/r/p"), -EBUSY);
	CHECK_EQ(vfs_rename(NULL, "/proc/meminfo", NULL, "/tmp/r/m"), -EXDEV);
	CHECK_EQ(vfs_rename(NULL, "/tmp/r/missing", NULL, "/tmp/r/y"), -ENOENT);
	/* Renaming onto itself, or onto another name of the same file, does nothing. */
	CHECK_EQ(vfs_rename(NULL, "/tmp/r/x", NULL, "/tmp/r/x"), 0);
	CHECK_EQ(vfs_link(NULL, "/tmp/r/x", NULL, "/tmp/r/x2", false), 0);
	CHECK_EQ(vfs_rename(NULL, "/tmp/r/x", NULL, "/tmp/r/x2"), 0);
	CHECK_EQ(lookup_err("/tmp/r/x", true), 0);

	/* Directory moves keep link counts and ".." right. */
	d = path_lookup("/tmp/r", true);
	CHECK_EQ(d->nlink, 4);
	CHECK_EQ(vfs_rename(NULL, "/tmp/r/e", NULL, "/tmp/r/d/e2"), 0);
	CHECK_EQ(d->nlink, 3);
	CHECK_EQ(ino_of("/tmp/r/d/e2/.."), ino_of("/tmp/r/d"));
	/* An empty directory may be replaced by another. */
	CHECK_EQ(vfs_mknod(NULL, "/tmp/r/empty", S_IFDIR | 0755, 0, NULL), 0);
	CHECK_EQ(vfs_rename(NULL, "/tmp/r/d/e2", NULL, "/tmp/r/empty"), 0);
	CHECK_EQ(d->nlink, 4);
	inode_put(d);

	/* A cwd that was renamed still works, and getcwd follows it. */
	cwd = path_lookup("/tmp/r/empty", true);
	CHECK_EQ(vfs_rename(NULL, "/tmp/r/empty", NULL, "/tmp/r/moved"), 0);
	CHECK_EQ(vfs_path_of(cwd, buf, sizeof(buf)), 12);
	CHECK_STR(buf, "/tmp/r/moved");
	inode_put(cwd);

	CHECK_EQ(vfs_unlink(NULL, "/tmp/r/moved", true), 0);
	CHECK_EQ(vfs_unlink(NULL, "/tmp/r/x", false), 0);
	CHECK_EQ(vfs_unlink(NULL, "/tmp/r/x2", false), 0);
	CHECK_EQ(vfs_unlink(NULL, "/tmp/r/d/h", false), 0);
	CHECK_EQ(vfs_unlink(NULL, "/tmp/r/d", true), 0);
	CHECK_EQ(vfs_unlink(NULL, "/tmp/r", true), 0);
	CHECK_EQ(live_allocs, base);
}

static void test_readdir_resume(void)
{
	struct inode *dir;
	struct names nm;
	u64 cookie = 0;
	char name[16];
	bool seen[10] = { 0 };
	long base;

	setup();
	base = live_allocs;
	CHECK_EQ(vfs_mknod(NULL, "/tmp/ls", S_IFDIR | 0755, 0, NULL), 0);
	for (int i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "/tmp/ls/f%d", i);
		CHECK_EQ(put_file(name, "", 0), 0);
	}
	dir = path_lookup("/tmp/ls", true);
	memset(&nm, 0, sizeof(nm));
	/* Three at a time, deleting an entry already listed between calls. */
	for (int round = 0; round < 10; round++) {
		int before = nm.n;

		nm.stop_after = nm.n + 3;
		dir->iops->readdir(dir, &cookie, collect, &nm);
		if (nm.n == before)
			break;
		if (round == 1)
			CHECK_EQ(vfs_unlink(NULL, "/tmp/ls/f0", false), 0);
	}
	CHECK_EQ(nm.n, 12);
	for (int i = 0; i < nm.n; i++) {
		int k;

		if (sscanf(nm.name[i], "f%d", &k) == 1 && k >= 0 && k < 10) {
			CHECK(!seen[k]);
			seen[k] = true;
		}
	}
	for (int k = 0; k < 10; k++)
		CHECK(seen[k]);
	inode_put(dir);
	for (int i = 1; i < 10; i++) {
		snprintf(name, sizeof(name), "/tmp/ls/f%d", i);
		CHECK_EQ(vfs_unlink(NULL, name, false), 0);
	}
	/* A removed directory lists nothing and accepts nothing. */
	dir = path_lookup("/tmp/ls", true);
	CHECK_EQ(vfs_unlink(NULL, "/tmp/ls", true), 0);
	CHECK_EQ(dir->nlink, 0);
	cookie = 0;
	memset(&nm, 0, sizeof(nm));
	dir->iops->readdir(dir, &cookie, collect, &nm);
	CHECK_EQ(nm.n, 0);
	CHECK_EQ(err_of(dir->iops->lookup(dir, "..", 2)), -ENOENT);
	CHECK_EQ(dir->iops->create(dir, "z", 1, S_IFREG | 0644, 0, NULL), -ENOENT);
	inode_put(dir);
	CHECK_EQ(live_allocs, base);
}

/* ---------------------------------------------------------------- file data */

static void test_write_read_holes(void)
{
	static char big[3 * 4096 + 100];
	struct file *f;
	char buf[64];
	u64 pos;
	long base;
	int err;

	setup();
	base = live_allocs;
	f = vfs_open("/tmp/data", O_CREAT | O_RDWR, 0644, &err);
	CHECK(f != NULL);
	if (!f)
		return;
	pos = 0;
	CHECK_EQ(f->ops->write(f, "hello", 5, &pos), 5);
	CHECK_EQ(pos, 5);
	pos = 10000;
	CHECK_EQ(f->ops->write(f, "world", 5, &pos), 5);
	CHECK_EQ(f->inode->size, 10005);
	/* The hole between reads as zeros, across two unallocated pages. */
	CHECK_EQ(kernel_read(f, big, sizeof(big), 0), 10005);
	CHECK(memcmp(big, "hello", 5) == 0);
	for (int i = 5; i < 10000; i++)
		if (big[i]) {
			CHECK_EQ(big[i], 0);
			break;
		}
	CHECK(memcmp(big + 10000, "world", 5) == 0);
	CHECK_EQ(kernel_read(f, buf, sizeof(buf), 20000), 0);

	/* Truncating down then up must not bring old bytes back. */
	memset(big, 'x', 4096);
	pos = 0;
	CHECK_EQ(f->ops->write(f, big, 4096, &pos), 4096);
	CHECK_EQ(vfs_truncate(f->inode, 100), 0);
	CHECK_EQ(f->inode->size, 100);
	CHECK_EQ(vfs_truncate(f->inode, 8192), 0);
	CHECK_EQ(kernel_read(f, big, sizeof(big), 0), 8192);
	CHECK(big[99] == 'x' && big[100] == 0 && big[4095] == 0 && big[8191] == 0);
	CHECK_EQ(vfs_truncate(f->inode, 0), 0);
	CHECK_EQ(kernel_read(f, buf, sizeof(buf), 0), 0);
	/* Memory runs out at the third page: a short write, not a failed one. */
	fail_countdown = 2; /* two pages (the array is there already), no third */
	pos = 0;
	CHECK_EQ(f->ops->write(f, big, 3 * 4096, &pos), 8192);
	CHECK_EQ(f->inode->size, 8192);
	fail_countdown = 0;
	CHECK_EQ(f->ops->write(f, big, 10, &pos), -ENOMEM);
	fail_countdown = -1;
	CHECK_EQ(vfs_truncate(f->inode, 0), 0);
	CHECK_EQ(vfs_truncate(f->inode, 1ULL << 40), -EFBIG);
	pos = 1ULL << 40;
	CHECK_EQ(f->ops->write(f, "z", 1, &pos), -EFBIG);
	file_put(f);

	/* O_APPEND writes at the end whatever the position says. */
	CHECK_EQ(put_file("/tmp/data", "abc", 3), 0);
	f = vfs_open("/tmp/data", O_WRONLY | O_APPEND, 0, &err);
	pos = 0;
	CHECK_EQ(f->ops->write(f, "def", 3, &pos), 3);
	CHECK_EQ(pos, 6);
	file_put(f);
	CHECK_EQ(get_file("/tmp/data", buf, sizeof(buf)), 6);
	CHECK(memcmp(buf, "abcdef", 6) == 0);
	/* O_TRUNC empties; O_EXCL refuses; O_DIRECTORY wants a directory. */
	f = vfs_open("/tmp/data", O_WRONLY | O_TRUNC, 0, &err);
	CHECK(f && f->inode->size == 0);
	file_put(f);
	CHECK(vfs_open("/tmp/data", O_CREAT | O_EXCL | O_WRONLY, 0644, &err) == NULL);
	CHECK_EQ(err, -EEXIST);
	CHECK(vfs_open("/tmp/data", O_RDONLY | O_DIRECTORY, 0, &err) == NULL);
	CHECK_EQ(err, -ENOTDIR);
	CHECK(vfs_open("/tmp", O_WRONLY, 0, &err) == NULL);
	CHECK_EQ(err, -EISDIR);
	CHECK(vfs_open("/tmp/", O_CREAT | O_WRONLY, 0644, &err) == NULL);
	CHECK_EQ(err, -EISDIR);
	CHECK(vfs_open("/tmp/data", O_ACCMODE, 0, &err) == NULL);
	CHECK_EQ(err, -EINVAL);
	f = vfs_open("/tmp", O_RDONLY, 0, &err);
	CHECK(f != NULL && f->ops->read == NULL); /* read() answers EISDIR */
	file_put(f);
	CHECK_EQ(vfs_unlink(NULL, "/tmp/data", false), 0);
	CHECK_EQ(live_allocs, base);
}

/*
 * The pages a shared mapping gets (inode_ops.map_page) are the file's
 * own: a hole gets one, nothing lies past the end, and a page a truncate
 * cuts off lives on until its mapping lets go.
 */
static void test_map_page(void)
{
	struct file *f;
	u8 *p0, *p1, *again;
	char buf[8];
	u64 pos = 0;
	long base;
	int err;

	setup();
	base = live_allocs;
	unmapped_ino = NULL;
	f = vfs_open("/tmp/mapped", O_CREAT | O_RDWR, 0644, &err);
	CHECK(f != NULL);
	if (!f)
		return;
	CHECK_EQ(f->ops->write(f, "abc", 3, &pos), 3);
	CHECK_EQ(vfs_truncate(f->inode, 2 * 4096 + 10), 0);
	CHECK(unmapped_ino == NULL); /* growing unmaps nothing */
	p0 = f->inode->iops->map_page(f->inode, 0);
	p1 = f->inode->iops->map_page(f->inode, 1); /* a hole until now */
	CHECK(!IS_ERR(p0) && !IS_ERR(p1));
	CHECK(p0[0] == 'a' && p1[0] == 0);
	/* Stores through the page are the file's bytes, and write()s show in it. */
	p1[5] = 'z';
	CHECK_EQ(kernel_read(f, buf, 1, 4096 + 5), 1);
	CHECK_EQ(buf[0], 'z');
	pos = 1;
	CHECK_EQ(f->ops->write(f, "Q", 1, &pos), 1);
	CHECK_EQ(p0[1], 'Q');
	again = f->inode->iops->map_page(f->inode, 1);
	CHECK(again == p1);
	put_page_va(again);
	CHECK_EQ(err_of(f->inode->iops->map_page(f->inode, 3)), -ENXIO);
	/* Cut back to one page and a bit: mm is told where mappings end. */
	CHECK_EQ(vfs_truncate(f->inode, 4096 + 1), 0);
	CHECK(unmapped_ino == f->inode);
	CHECK_EQ(unmapped_from, 4096 + 1);
	CHECK_EQ(err_of(f->inode->iops->map_page(f->inode, 2)), -ENXIO);
	CHECK_EQ(vfs_truncate(f->inode, 0), 0);
	CHECK_EQ(unmapped_from, 0);
	/* The cut pages are still there for their mappings, until these let go. */
	CHECK_EQ(p0[0], 'a');
	put_page_va(p0);
	put_page_va(p1);
	unmapped_ino = NULL;
	file_put(f);
	CHECK_EQ(vfs_unlink(NULL, "/tmp/mapped", false), 0);
	/* Shared anonymous memory: a file with no name, gone with its last user. */
	f = ramfs_anon_file(3 * 4096);
	CHECK(!IS_ERR(f) && f->inode->size == 3 * 4096 && f->inode->nlink == 0);
	if (!IS_ERR(f)) {
		p0 = f->inode->iops->map_page(f->inode, 2);
		CHECK(!IS_ERR(p0) && p0[4095] == 0);
		put_page_va(p0);
		file_put(f);
	}
	CHECK_EQ(err_of(ramfs_anon_file(1ULL << 40)), -ENOMEM);
	CHECK_EQ(live_allocs, base);
}

/* ---------------------------------------------------------------- path lookup */

static void test_path_edges(void)
{
	char name[300], *path;
	struct inode *dir, *found;
	const char *last;
	size_t len;
	long base;

	setup();
	base = live_allocs;
	CHECK_EQ(vfs_mknod(NULL, "/tmp/p", S_IFDIR | 0755, 0, NULL), 0);
	CHECK_EQ(vfs_mknod(NULL, "/tmp/p/q", S_IFDIR | 0755, 0, NULL), 0);
	CHECK_EQ(put_file("/tmp/p/q/file", "f", 1), 0);

	CHECK_EQ(ino_of("//tmp///p//q/"), ino_of("/tmp/p/q"));
	CHECK_EQ(ino_of("/tmp/./p/../p/q/."), ino_of("/tmp/p/q"));
	CHECK_EQ(ino_of("/../../tmp"), ino_of("/tmp"));
	CHECK_EQ(lookup_err("", true), -ENOENT);
	CHECK_EQ(lookup_err("/tmp/p/none", true), -ENOENT);
	CHECK_EQ(lookup_err("/tmp/p/none/x", true), -ENOENT);
	CHECK_EQ(lookup_err("/tmp/p/q/file/x", true), -ENOTDIR);
	CHECK_EQ(lookup_err("/tmp/p/q/file/", true), -ENOTDIR);
	CHECK_EQ(lookup_err("/tmp/p/q/file/.", true), -ENOTDIR);
	CHECK_EQ(lookup_err("/tmp/p/q/file", true), 0);

	/* Relative to the cwd, and to an explicit base. */
	cur->cwd = path_lookup("/tmp/p", true);
	CHECK_EQ(ino_of("q/file"), ino_of("/tmp/p/q/file"));
	CHECK_EQ(ino_of(".."), ino_of("/tmp"));
	dir = path_lookup("/tmp/p/q", true);
	found = path_lookup_at(dir, "file", true);
	CHECK(!IS_ERR(found) && found->ino == ino_of("/tmp/p/q/file"));
	if (!IS_ERR(found))
		inode_put(found);
	inode_put(dir);
	set_cwd_root();

	/* Names of 255 bytes are fine, 256 are not; paths stop at 4095. */
	memset(name, 'n', sizeof(name));
	strcpy(name, "/tmp/");
	memset(name + 5, 'n', 255);
	name[260] = '\0';
	CHECK_EQ(lookup_err(name, true), -ENOENT);
	CHECK_EQ(put_file(name, "", 0), 0);
	CHECK_EQ(lookup_err(name, true), 0);
	CHECK_EQ(vfs_unlink(NULL, name, false), 0);
	name[260] = 'n';
	name[261] = '\0';
	CHECK_EQ(lookup_err(name, true), -ENAMETOOLONG);
	CHECK_EQ(put_file(name, "", 0), -ENAMETOOLONG);
	path = malloc(PATH_MAX + 1);
	for (int i = 0; i < PATH_MAX; i += 2)
		memcpy(path + i, "/.", 2);
	path[PATH_MAX - 1] = '\0'; /* 4095 bytes: allowed */
	CHECK_EQ(lookup_err(path, true), 0);
	path[PATH_MAX - 1] = '/';
	path[PATH_MAX] = '\0'; /* 4096: too long */
	CHECK_EQ(lookup_err(path, true), -ENAMETOOLONG);
	free(path);

	/* path_parent hands back the last component, trailing slashes aside. */
	dir = path_parent("/tmp/p/q//", &last, &len);
	CHECK(!IS_ERR(dir) && dir->ino == ino_of("/tmp/p"));
	CHECK(len == 1 && last[0] == 'q');
	inode_put(dir);
	dir = path_parent("///", &last, &len);
	CHECK(!IS_ERR(dir) && len == 0 && dir == vfs_root());
	inode_put(dir);
	dir = path_parent("lonely", &last, &len);
	CHECK(!IS_ERR(dir) && dir == vfs_root() && len == 6);
	inode_put(dir);
	CHECK_EQ(err_of(path_parent("/tmp/p/q/file/x", &last, &len)), -ENOTDIR);
	CHECK_EQ(err_of(path_parent("/tmp/nope/x", &last, &len)), -ENOENT);

	CHECK_EQ(vfs_unlink(NULL, "/tmp/p/q/file", false), 0);
	CHECK_EQ(vfs_unlink(NULL, "/tmp/p/q", true), 0);
	CHECK_EQ(vfs_unlink(NULL, "/tmp/p", true), 0);
	CHECK_EQ(live_allocs, base);
}

static void test_symlinks(void)
{
	char buf[64], a[32], b[32];
	struct inode *i;
	long base;

	setup();
	base = live_allocs;
	CHECK_EQ(vfs_mknod(NULL, "/tmp/s", S_IFDIR | 0755, 0, NULL), 0);
	CHECK_EQ(vfs_mknod(NULL, "/tmp/s/dir", S_IFDIR | 0755, 0, NULL), 0);
	CHECK_EQ(put_file("/tmp/s/dir/target", "T", 1), 0);
	CHECK_EQ(vfs_symlink("/tmp/s/dir/target", NULL, "/tmp/s/abs"), 0);
	CHECK_EQ(vfs_symlink("dir/target", NULL, "/tmp/s/rel"), 0);
	CHECK_EQ(vfs_symlink("dir", NULL, "/tmp/s/dl"), 0);
	CHECK_EQ(vfs_symlink("../dl/", NULL, "/tmp/s/dir/up"), 0);
	CHECK_EQ(vfs_symlink("nowhere", NULL, "/tmp/s/dangling"), 0);
	CHECK_EQ(vfs_symlink("loop", NULL, "/tmp/s/loop"), 0);
	CHECK_EQ(vfs_symlink("", NULL, "/tmp/s/empty"), -ENOENT);
	CHECK_EQ(vfs_symlink("x", NULL, "/tmp/s/abs"), -EEXIST);

	i = path_lookup("/tmp/s/abs", true);
	CHECK(!IS_ERR(i) && S_ISREG(i->mode));
	inode_put(i);
	i = path_lookup("/tmp/s/abs", false);
	CHECK(!IS_ERR(i) && S_ISLNK(i->mode) && i->size == 17);
	CHECK_EQ(i->iops->readlink(i, buf, sizeof(buf)), 17);
	CHECK(memcmp(buf, "/tmp/s/dir/target", 17) == 0);
	inode_put(i);
	CHECK_EQ(lookup_err("/tmp/s/rel", true), 0);
	CHECK_EQ(lookup_err("/tmp/s/abs/", true), -ENOTDIR);
	/* A symlink in the middle is always followed; with a slash after it too. */
	CHECK_EQ(ino_of("/tmp/s/dl/target"), ino_of("/tmp/s/dir/target"));
	i = path_lookup("/tmp/s/dl/", false);
	CHECK(!IS_ERR(i) && S_ISDIR(i->mode));
	inode_put(i);
	CHECK_EQ(ino_of("/tmp/s/dir/up/up/up/target"), ino_of("/tmp/s/dir/target"));
	CHECK_EQ(lookup_err("/tmp/s/dangling", true), -ENOENT);
	CHECK_EQ(lookup_err("/tmp/s/dangling", false), 0);
	CHECK_EQ(lookup_err("/tmp/s/loop", true), -ELOOP);
	CHECK_EQ(lookup_err("/tmp/s/loop/x", false), -ELOOP);

	/* A chain nests: eight links deep resolve, nine do not. */
	CHECK_EQ(put_file("/tmp/s/c0", "", 0), 0);
	for (int k = 1; k <= 9; k++) {
		snprintf(a, sizeof(a), "c%d", k - 1);
		snprintf(b, sizeof(b), "/tmp/s/c%d", k);
		CHECK_EQ(vfs_symlink(a, NULL, b), 0);
	}
	CHECK_EQ(lookup_err("/tmp/s/c8", true), 0);
	CHECK_EQ(lookup_err("/tmp/s/c9", true), -ELOOP);
	/* Links one after another (not nested) are fine in greater number: 21 here. */
	CHECK_EQ(ino_of("/tmp/s/dl/up/up/up/up/up/up/up/up/up/up/target"),
		 ino_of("/tmp/s/dir/target"));

	/* Hard links share the inode; directories cannot be linked. */
	CHECK_EQ(vfs_link(NULL, "/tmp/s/rel", NULL, "/tmp/s/hard", true), 0);
	CHECK_EQ(ino_of("/tmp/s/hard"), ino_of("/tmp/s/dir/target"));
	i = path_lookup("/tmp/s/hard", true);
	CHECK_EQ(i->nlink, 2);
	inode_put(i);
	CHECK_EQ(vfs_link(NULL, "/tmp/s/dir", NULL, "/tmp/s/dir2", true), -EPERM);
	CHECK_EQ(vfs_link(NULL, "/tmp/s/rel", NULL, "/tmp/s/hard", true), -EEXIST);
	CHECK_EQ(vfs_link(NULL, "/proc/uptime", NULL, "/tmp/s/up2", true), -EXDEV);

	for (int k = 0; k <= 9; k++) {
		snprintf(b, sizeof(b), "/tmp/s/c%d", k);
		CHECK_EQ(vfs_unlink(NULL, b, false), 0);
	}
	static const char *const names[] = {
		/* clang-format off */
		"hard", "abs", "rel", "dl", "dir/up", "dangling", "loop", "dir/target",
		/* clang-format on */
	};
	for (size_t k = 0; k < ARRAY_SIZE(names); k++) {
		snprintf(b, sizeof(b), "/tmp/s/%s", names[k]);
		CHECK_EQ(vfs_unlink(NULL, b, false), 0);
	}
	CHECK_EQ(vfs_unlink(NULL, "/tmp/s/dir", true), 0);
	CHECK_EQ(vfs_unlink(NULL, "/tmp/s", true), 0);
	CHECK_EQ(live_allocs, base);
}

/* ---------------------------------------------------------------- descriptors */

static int releases;

static void count_release(struct file *f __unused)
{
	releases++;
}

static const struct file_ops counting_ops = { .release = count_release };

static void test_fdtable(void)
{
	struct files *fs, *copy;
	struct file *a, *b;
	long base;

	setup();
	base = live_allocs;
	releases = 0;
	fs = files_alloc();
	a = file_alloc(&counting_ops, NULL, O_RDONLY);
	b = file_alloc(&counting_ops, NULL, O_RDONLY);
	CHECK_EQ(fd_install(fs, a, 0, false), 0);
	CHECK_EQ(fd_install(fs, b, 0, true), 1);
	CHECK(fd_get(fs, 0) == a && fd_get(fs, 1) == b && fd_get(fs, 2) == NULL);
	CHECK(fd_get(fs, -1) == NULL && fd_get(fs, TEST_NOFILE) == NULL);
	CHECK_EQ(fd_get_cloexec(fs, 0), 0);
	CHECK_EQ(fd_get_cloexec(fs, 1), 1);
	/* dup: lowest free at or above min, same file, one more reference. */
	CHECK_EQ(fd_install(fs, file_get(a), 5, false), 5);
	CHECK_EQ(a->refcount, 2);
	CHECK_EQ(fd_install(fs, file_get(a), 0, false), 2);
	CHECK_EQ(fd_set_cloexec(fs, 2, true), 0);
	CHECK_EQ(fd_set_cloexec(fs, 3, true), -EBADF);

	copy = files_dup(fs);
	CHECK(copy && copy->fd[1] == b && fd_get_cloexec(copy, 1) == 1 && fd_get_cloexec(copy, 2) == 1);
	CHECK_EQ(fd_get_cloexec(copy, 0), 0);
	CHECK_EQ(a->refcount, 6);
	files_close_on_exec(copy);
	CHECK(copy->fd[1] == NULL && copy->fd[2] == NULL && copy->fd[0] == a && copy->fd[5] == a);
	CHECK_EQ(copy->cloexec[0], 0);
	files_close_all(copy);
	CHECK_EQ(a->refcount, 3);
	CHECK_EQ(releases, 0);

	/* dup2 over an open descriptor drops what was there. */
	CHECK(fd_replace(fs, 1, file_get(a), false) == b);
	file_put(b);
	CHECK_EQ(releases, 1);
	CHECK(PTR_ERR(fd_replace(fs, TEST_NOFILE, a, false)) == -EBADF);

	/* A full table says EMFILE and leaves the reference to the caller. */
	for (int i = 0; i < TEST_NOFILE; i++)
		if (!fd_get(fs, i))
			CHECK_EQ(fd_install(fs, file_get(a), i, false), i);
	CHECK_EQ(fd_install(fs, a, 0, false), -EMFILE);

	/* A higher limit: the table grows, a copy and close-on-exec follow. */
	nofile_limit = 1000;
	CHECK_EQ(fd_install(fs, file_get(a), 0, true), TEST_NOFILE);
	CHECK(fs->max_fds > TEST_NOFILE);
	CHECK(fd_replace(fs, 999, file_get(a), true) == NULL);
	CHECK(fs->max_fds >= 1000);
	CHECK(PTR_ERR(fd_replace(fs, 1000, a, false)) == -EBADF);
	CHECK_EQ(fd_install(fs, file_get(a), 998, false), 998);
	CHECK_EQ(fd_install(fs, a, 998, false), -EMFILE);
	copy = files_dup(fs);
	CHECK(copy && copy->fd[999] == a && copy->fd[998] == a && fd_get_cloexec(copy, 999) == 1);
	files_close_on_exec(copy);
	CHECK(copy->fd[999] == NULL && copy->fd[TEST_NOFILE] == NULL && copy->fd[998] == a);
	files_close_all(copy);
	nofile_limit = TEST_NOFILE;
	files_close_all(fs);
	CHECK_EQ(releases, 2);
	CHECK_EQ(live_allocs, base);
}

/* ---------------------------------------------------------------- pipes and devices */

static void test_pipe(void)
{
	static char chunk[70000];
	struct file *r, *w;
	char buf[16];
	u64 pos = 0;
	long base;

	setup();
	base = live_allocs;
	CHECK_EQ(pipe_create(&r, &w, O_NONBLOCK), 0);
	CHECK(S_ISFIFO(r->inode->mode) && r->inode == w->inode);
	CHECK_EQ(r->ops->read(r, buf, sizeof(buf), &pos), -EAGAIN);
	CHECK_EQ(r->ops->poll(r), 0);
	CHECK_EQ(w->ops->poll(w), POLLOUT);
	CHECK_EQ(w->ops->write(w, "ping", 4, &pos), 4);
	CHECK_EQ(r->ops->poll(r), POLLIN);
	CHECK_EQ(r->ops->read(r, buf, 2, &pos), 2);
	CHECK_EQ(r->ops->read(r, buf + 2, sizeof(buf), &pos), 2);
	CHECK(memcmp(buf, "ping", 4) == 0);

	/* Short writes share a page while they fit whole; a long one takes what fits of 16. */
	memset(chunk, 'c', sizeof(chunk));
	CHECK_EQ(w->ops->write(w, chunk, 3000, &pos), 3000);
	CHECK_EQ(w->ops->write(w, chunk, 1000, &pos), 1000);
	CHECK_EQ(w->ops->write(w, chunk, 200, &pos), 200);
	CHECK_EQ(r->ops->read(r, chunk, 5000, &pos), 4200);
	CHECK_EQ(w->ops->write(w, chunk, 70000, &pos), 65536);
	CHECK_EQ(w->ops->poll(w), 0);
	CHECK_EQ(w->ops->write(w, "x", 1, &pos), -EAGAIN);
	CHECK_EQ(r->ops->read(r, chunk, 10, &pos), 10);
	/* A page read in part frees no slot: a short write still finds no room. */
	CHECK_EQ(w->ops->write(w, chunk, 10, &pos), -EAGAIN);
	CHECK_EQ(r->ops->read(r, chunk, 4086, &pos), 4086);
	CHECK_EQ(w->ops->write(w, chunk, 20, &pos), 20);
	CHECK_EQ(r->ops->read(r, chunk, sizeof(chunk), &pos), 15 * 4096 + 20);

	/* No writer: end of file. No reader: EPIPE and SIGPIPE. */
	file_put(w);
	CHECK_EQ(r->ops->read(r, buf, sizeof(buf), &pos), 0);
	CHECK_EQ(r->ops->poll(r), POLLHUP);
	file_put(r);
	CHECK_EQ(pipe_create(&r, &w, 0), 0);
	file_put(r);
	last_signal = 0;
	CHECK_EQ(w->ops->write(w, "x", 1, &pos), -EPIPE);
	CHECK_EQ(last_signal, SIGPIPE);
	CHECK(w->ops->poll(w) & POLLERR);
	file_put(w);

	/* Packet mode: a read takes one write's bytes, and drops what does not fit. */
	CHECK_EQ(pipe_create(&r, &w, O_NONBLOCK | O_DIRECT), 0);
	CHECK_EQ(w->ops->write(w, "abc", 3, &pos), 3);
	CHECK_EQ(w->ops->write(w, "defg", 4, &pos), 4);
	CHECK_EQ(r->ops->read(r, buf, sizeof(buf), &pos), 3);
	CHECK_EQ(r->ops->read(r, buf, 2, &pos), 2);
	CHECK(memcmp(buf, "de", 2) == 0);
	CHECK_EQ(r->ops->read(r, buf, sizeof(buf), &pos), -EAGAIN);
	file_put(r);
	file_put(w);
	CHECK_EQ(live_allocs, base);
}

static ssize_t fake_read(struct file *f __unused, void *buf, size_t n, u64 *pos __unused)
{
	memset(buf, 'T', n);
	return n;
}

static int fake_opens;

static int fake_open(struct inode *ino __unused, struct file *f)
{
	fake_opens++;
	return (f->flags & O_ACCMODE) == O_WRONLY ? -ENXIO : 0;
}

static const struct file_ops fake_tty_ops = { .read = fake_read, .open = fake_open };

static void test_devices(void)
{
	char buf[8] = "junk";
	struct file *f;
	u64 pos = 0;
	long base;
	int err;

	setup();
	base = live_allocs;
	f = vfs_open("/dev/zero", O_RDWR, 0, &err);
	CHECK(f != NULL);
	CHECK_EQ(kernel_read(f, buf, 4, 0), 4);
	CHECK(buf[0] == 0 && buf[3] == 0);
	CHECK_EQ(f->ops->write(f, "abc", 3, &pos), 3);
	file_put(f);
	f = vfs_open("/dev/null", O_RDWR, 0, &err);
	CHECK(f != NULL);
	CHECK_EQ(kernel_read(f, buf, 4, 0), 0);
	file_put(f);

	/* A node whose driver is not there yet; then the driver arrives. */
	CHECK(vfs_open("/dev/tty", O_RDWR, 0, &err) == NULL);
	CHECK_EQ(err, -ENXIO);
	CHECK_EQ(chrdev_register(5, 0, "tty", &fake_tty_ops), 0);
	CHECK_EQ(chrdev_register(5, 0, "tty", &fake_tty_ops), -EBUSY);
	f = vfs_open("/dev/tty", O_RDONLY | O_NOCTTY, 0, &err);
	CHECK(f != NULL && f->ops == &fake_tty_ops && fake_opens == 1);
	if (f) {
		CHECK(f->flags & O_NOCTTY); /* the driver's open sees it */
		CHECK_EQ(kernel_read(f, buf, 2, 0), 2);
		CHECK_EQ(buf[0], 'T');
		file_put(f);
	}
	/* A refused open leaves nothing behind. */
	CHECK(vfs_open("/dev/tty", O_WRONLY, 0, &err) == NULL);
	CHECK_EQ(err, -ENXIO);
	CHECK_EQ(fake_opens, 2);
	CHECK_EQ(live_allocs, base);
}

/* ---------------------------------------------------------------- procfs */

static void test_procfs(void)
{
	char buf[512];
	struct names nm;
	struct inode *i;
	long n, base;

	setup();
	base = live_allocs;
	i = path_lookup("/proc/self", false);
	CHECK(!IS_ERR(i) && S_ISLNK(i->mode));
	CHECK_EQ(i->iops->readlink(i, buf, sizeof(buf)), 2);
	CHECK(memcmp(buf, "42", 2) == 0);
	inode_put(i);
	CHECK_EQ(ino_of("/proc/self/"), ino_of("/proc/42"));
	CHECK_EQ(ino_of("/proc/42/.."), ino_of("/proc"));
	CHECK_EQ(ino_of("/proc/.."), ino_of("/"));
	CHECK_EQ(lookup_err("/proc/7", true), -ENOENT);
	CHECK_EQ(lookup_err("/proc/042", true), -ENOENT);
	CHECK_EQ(lookup_err("/proc/1/nothing", true), -ENOENT);

	n = get_file("/proc/self/stat", buf, sizeof(buf) - 1);
	CHECK(n > 0);
	buf[n > 0 ? n : 0] = '\0';
	CHECK(strncmp(buf, "42 (sh) R 1 42 1 ", 17) == 0);
	{
		int fields = 1;

		for (char *p = buf; *p; p++)
			fields += *p == ' ';
		CHECK_EQ(fields, 52);
	}
	n = get_file("/proc/1/cmdline", buf, sizeof(buf));
	CHECK_EQ(n, 5);
	CHECK(memcmp(buf, "init", 5) == 0);
	n = get_file("/proc/meminfo", buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	CHECK(strstr(buf, "MemTotal:          16384 kB\n") != NULL);
	CHECK(strstr(buf, "MemFree:            4000 kB\n") != NULL);
	n = get_file("/proc/uptime", buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	CHECK(strncmp(buf, "5.00 ", 5) == 0);
	n = get_file("/proc/pvops", buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	CHECK(strstr(buf, "backend:  testpv\n") && strstr(buf, "sites:    10\n") &&
	      strstr(buf, "inlined:  6\n") && strstr(buf, "indirect: 1\n"));

	/* The listing is in pid order although the process list is not. */
	CHECK_EQ(list_dir("/proc", &nm), 0);
	CHECK(listed(&nm, "self") && listed(&nm, "meminfo") && listed(&nm, "pvops"));
	CHECK(nm.n >= 2 && strcmp(nm.name[nm.n - 2], "1") == 0 &&
	      strcmp(nm.name[nm.n - 1], "42") == 0);
	CHECK_EQ(nm.ino[nm.n - 1], ino_of("/proc/42"));
	CHECK_EQ(list_dir("/proc/1", &nm), 0);
	CHECK(listed(&nm, "stat") && listed(&nm, "cmdline"));
	i = path_lookup("/proc/42", true);
	CHECK_EQ(vfs_path_of(i, buf, sizeof(buf)), 8);
	CHECK_STR(buf, "/proc/42");
	inode_put(i);
	/* Read-only and uncreatable. */
	{
		int err;

		CHECK(vfs_open("/proc/meminfo", O_WRONLY, 0, &err) == NULL);
		CHECK_EQ(err, -EACCES);
		CHECK_EQ(vfs_mknod(NULL, "/proc/new", S_IFREG | 0644, 0, NULL), -EACCES);
	}
	CHECK_EQ(live_allocs, base);
}

/* ---------------------------------------------------------------- initramfs */

static u8 arc[8192];
static size_t arc_len;

static void arc_hex(u32 v)
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 7; i >= 0; i--)
		arc[arc_len + i] = digits[(v >> ((7 - i) * 4)) & 15];
	arc_len += 8;
}

static void arc_align(void)
{
	while (arc_len % 4)
		arc[arc_len++] = 0;
}

static void arc_add(const char *name, u32 mode, const char *data, u32 ino, u32 nlink,
		    u32 rmajor, u32 rminor)
{
	u32 size = data ? (u32)strlen(data) : 0;
	u32 fields[13] = {
		/* clang-format off */
		ino, mode, 0, 0, nlink, 1700000000, size, 0, 0, rmajor, rminor,
		(u32)strlen(name) + 1, 0,
		/* clang-format on */
	};

	memcpy(arc + arc_len, "070701", 6);
	arc_len += 6;
	for (int i = 0; i < 13; i++)
		arc_hex(fields[i]);
	memcpy(arc + arc_len, name, strlen(name) + 1);
	arc_len += strlen(name) + 1;
	arc_align();
	memcpy(arc + arc_len, data ? data : "", size);
	arc_len += size;
	arc_align();
}

static void test_initramfs(void)
{
	char buf[64];
	struct inode *i;
	size_t cut;

	setup();
	arc_len = 0;
	arc_add(".", S_IFDIR | 0755, NULL, 1, 2, 0, 0);
	arc_add("./ird", S_IFDIR | 0750, NULL, 2, 2, 0, 0);
	arc_add("ird/hello", S_IFREG | 0755, "#!/bin/sh\necho hi\n", 3, 1, 0, 0);
	arc_add("ird/link", S_IFLNK | 0777, "hello", 4, 1, 0, 0);
	arc_add("ird/ttyS0", S_IFCHR | 0620, NULL, 5, 1, 4, 64);
	/* A hard-linked pair: newc stores the data with the last name only. */
	arc_add("ird/h1", S_IFREG | 0644, NULL, 6, 2, 0, 0);
	arc_add("ird/h2", S_IFREG | 0644, "shared", 6, 2, 0, 0);
	arc_add("dev", S_IFDIR | 0755, NULL, 7, 2, 0, 0);
	arc_add("ird/missing/x", S_IFREG | 0644, "x", 8, 1, 0, 0);
	arc_add("TRAILER!!!", 0, NULL, 0, 1, 0, 0);

	unit_log_count = 0;
	initramfs_unpack(arc, arc_len);
	i = path_lookup("/ird/hello", true);
	CHECK(!IS_ERR(i) && i->mode == (S_IFREG | 0755) && i->size == 18);
	CHECK_EQ(i->mtime, 1700000000ULL * NSEC_PER_SEC);
	inode_put(i);
	CHECK_EQ(get_file("/ird/link", buf, sizeof(buf)), 18);
	CHECK(memcmp(buf, "#!/bin/sh\n", 10) == 0);
	i = path_lookup("/ird", true);
	CHECK(!IS_ERR(i) && i->mode == (S_IFDIR | 0750));
	inode_put(i);
	i = path_lookup("/ird/ttyS0", true);
	CHECK(!IS_ERR(i) && S_ISCHR(i->mode) && i->rdev == MKDEV(4, 64));
	CHECK_EQ(MAJOR(i->rdev), 4);
	CHECK_EQ(MINOR(i->rdev), 64);
	inode_put(i);
	CHECK_EQ(ino_of("/ird/h1"), ino_of("/ird/h2"));
	CHECK_EQ(get_file("/ird/h1", buf, sizeof(buf)), 6);
	CHECK_EQ(lookup_err("/dev/null", true), 0); /* an existing directory stays */
	/* The entry with no parent was reported and skipped. */
	CHECK_EQ(lookup_err("/ird/missing/x", true), -ENOENT);
	CHECK(strstr(unit_last_log, "unpacked 4 files, 2 directories, 2 other entries (1 failed)"));

	/* A newer archive replaces files; a broken one stops where it breaks. */
	arc_len = 0;
	arc_add("ird/hello", S_IFREG | 0644, "v2", 9, 1, 0, 0);
	arc_add("ird/later", S_IFREG | 0644, "later", 10, 1, 0, 0);
	cut = arc_len;
	arc_add("TRAILER!!!", 0, NULL, 0, 1, 0, 0);
	memcpy(arc + cut, "0707XX", 6);
	unit_log_count = 0;
	initramfs_unpack(arc, arc_len);
	CHECK_EQ(get_file("/ird/hello", buf, sizeof(buf)), 2);
	CHECK_EQ(lookup_err("/ird/later", true), 0);
	CHECK(unit_log_count >= 2);
	/* The error line comes just before the summary; check it was logged. */
	initramfs_unpack(arc, 50);
	CHECK(strstr(unit_last_log, "unpacked 0 files") != NULL);

	/* Garbage of every length never crashes: a truncated copy of the archive. */
	arc_len = 0;
	arc_add("ird/t", S_IFREG | 0644, "truncate me", 11, 1, 0, 0);
	arc_add("TRAILER!!!", 0, NULL, 0, 1, 0, 0);
	for (size_t len = 0; len <= arc_len; len++) {
		u8 *copy = malloc(len ? len : 1);

		memcpy(copy, arc, len);
		initramfs_unpack(copy, len);
		free(copy);
	}
	CHECK_EQ(get_file("/ird/t", buf, sizeof(buf)), 11);
}

/* Archives appended to one another, with zero padding between, as Linux accepts them. */
static void test_initramfs_appended(void)
{
	char buf[64];

	setup();
	arc_len = 0;
	arc_add("cat", S_IFDIR | 0755, NULL, 1, 2, 0, 0);
	arc_add("cat/a", S_IFREG | 0644, "first", 2, 1, 0, 0);
	arc_add("cat/b", S_IFREG | 0644, "old", 3, 2, 0, 0);
	arc_add("cat/h", S_IFREG | 0644, "old", 3, 2, 0, 0);
	arc_add("TRAILER!!!", 0, NULL, 0, 1, 0, 0);
	/* As cpio -H newc pads an archive: to 512 bytes. */
	memset(arc + arc_len, 0, 512 - arc_len % 512);
	arc_len += 512 - arc_len % 512;
	/* The second archive reuses inode number 3: no link to the first one's. */
	arc_add("cat/b", S_IFREG | 0600, "newer", 3, 1, 0, 0);
	arc_add("cat/c", S_IFREG | 0644, "second", 4, 1, 0, 0);
	arc_add("TRAILER!!!", 0, NULL, 0, 1, 0, 0);
	/* A third, right after the second's trailer. */
	arc_add("cat/d", S_IFREG | 0644, "third", 5, 1, 0, 0);
	arc_add("TRAILER!!!", 0, NULL, 0, 1, 0, 0);
	memset(arc + arc_len, 0, 100);
	arc_len += 100;
	unit_log_count = 0;
	initramfs_unpack(arc, arc_len);
	CHECK_EQ(get_file("/cat/a", buf, sizeof(buf)), 5);
	CHECK_EQ(get_file("/cat/b", buf, sizeof(buf)), 5);
	CHECK(memcmp(buf, "newer", 5) == 0);
	CHECK_EQ(get_file("/cat/h", buf, sizeof(buf)), 3);
	CHECK(ino_of("/cat/b") != ino_of("/cat/h"));
	CHECK_EQ(get_file("/cat/c", buf, sizeof(buf)), 6);
	CHECK_EQ(get_file("/cat/d", buf, sizeof(buf)), 5);
	CHECK(strstr(unit_last_log, "unpacked 6 files, 1 directories, 0 other entries (0 failed)"));

	/* Garbage after the first archive is reported; what came before stays. */
	arc_len = 0;
	arc_add("cat/e", S_IFREG | 0644, "e", 6, 1, 0, 0);
	arc_add("TRAILER!!!", 0, NULL, 0, 1, 0, 0);
	memcpy(arc + arc_len, "junk", 4);
	arc_len += 4;
	unit_log_count = 0;
	initramfs_unpack(arc, arc_len);
	CHECK_EQ(get_file("/cat/e", buf, sizeof(buf)), 1);
	CHECK_EQ(unit_log_count, 2);
	CHECK(strstr(unit_last_log, "unpacked 1 files") != NULL);
}

static void test_initramfs_report(void)
{
	setup();
	arc_len = 0;
	memcpy(arc, "not an archive at all, really not", 33);
	arc_len = 33;
	unit_log_count = 0;
	initramfs_unpack(arc, arc_len);
	/* Two lines: the error, then the summary. */
	CHECK_EQ(unit_log_count, 2);
	CHECK(strstr(unit_last_log, "unpacked 0 files") != NULL);
}

/* ---------------------------------------------------------------- system calls */

struct linux_dirent64_view {
	u64 ino;
	s64 off;
	u16 reclen;
	u8 type;
	char name[];
} __attribute__((packed));

static void test_syscalls_files(void)
{
	char buf[256], small[4];
	u8 st[144];
	/* clang-format off */
	struct { void *base; size_t len; } iov[2];
	/* clang-format on */
	long fd, fd2, base;
	u32 mode;
	s64 size;

	setup();
	base = live_allocs;
	CHECK_EQ(SYS(__NR_open, U("/tmp/none"), O_RDONLY), -ENOENT);
	CHECK_EQ(SYS(__NR_open, U(8), O_RDONLY), -EFAULT);
	CHECK_EQ(SYS(__NR_read, 63, U(buf), 1), -EBADF);
	CHECK_EQ(SYS(__NR_read, U(-1), U(buf), 1), -EBADF);

	fd = SYS(__NR_open, U("/tmp/sc"), O_CREAT | O_RDWR | O_TRUNC, 0666);
	CHECK(fd >= 0);
	CHECK_EQ(SYS(__NR_write, fd, U("hello world"), 11), 11);
	CHECK_EQ(SYS(__NR_write, fd, U(16), 11), -EFAULT);
	CHECK_EQ(SYS(__NR_lseek, fd, 0, 0), 0);
	CHECK_EQ(SYS(__NR_read, fd, U(16), 5), -EFAULT);
	CHECK_EQ(SYS(__NR_read, fd, U(buf), 5), 5);
	CHECK(memcmp(buf, "hello", 5) == 0);
	CHECK_EQ(SYS(__NR_lseek, fd, U(-1), 1), 4);
	CHECK_EQ(SYS(__NR_lseek, fd, U(-100), 1), -EINVAL);
	CHECK_EQ(SYS(__NR_lseek, fd, 0, 2), 11);
	CHECK_EQ(SYS(__NR_lseek, fd, 0, 7), -EINVAL);
	CHECK_EQ(SYS(__NR_pread64, fd, U(buf), 5, 6), 5);
	CHECK(memcmp(buf, "world", 5) == 0);
	CHECK_EQ(SYS(__NR_pwrite64, fd, U("W"), 1, 6), 1);
	CHECK_EQ(SYS(__NR_pread64, fd, U(buf), 1, U(-1)), -EINVAL);

	/* struct stat: 144 bytes, Linux's offsets; umask 022 applied. */
	memset(st, 0xff, sizeof(st));
	CHECK_EQ(SYS(__NR_fstat, fd, U(st)), 0);
	memcpy(&mode, st + 24, 4);
	memcpy(&size, st + 48, 8);
	CHECK_EQ(mode, S_IFREG | 0644);
	CHECK_EQ(size, 11);
	CHECK_EQ(st[143], 0);
	CHECK_EQ(SYS(__NR_stat, U("/tmp/sc"), U(st)), 0);
	CHECK_EQ(SYS(__NR_stat, U("/tmp/sc"), U(24)), -EFAULT);
	CHECK_EQ(SYS(__NR_newfstatat, fd, U(""), U(st), AT_EMPTY_PATH), 0);
	CHECK_EQ(SYS(__NR_newfstatat, fd, U(""), U(st), 0), -ENOENT);
	CHECK_EQ(SYS(__NR_newfstatat, U(AT_FDCWD), U("/tmp/sc"), U(st), 0x8000), -EINVAL);

	/* readv and writev; a short file ends the vector early. */
	iov[0].base = buf;
	iov[0].len = 3;
	iov[1].base = buf + 3;
	iov[1].len = 100;
	CHECK_EQ(SYS(__NR_readv, fd, U(iov), 2, 0), 0); /* at end of file */
	CHECK_EQ(SYS(__NR_lseek, fd, 0, 0), 0);
	CHECK_EQ(SYS(__NR_readv, fd, U(iov), 2), 11);
	CHECK(memcmp(buf, "hello World", 11) == 0);
	CHECK_EQ(SYS(__NR_writev, fd, U(iov), 2000), -EINVAL);
	CHECK_EQ(SYS(__NR_writev, fd, U(32), 1), -EFAULT);

	/* Descriptors: dup, dup2, dup3, fcntl, ioctl, close. */
	fd2 = SYS(__NR_dup, fd);
	CHECK(fd2 > fd);
	CHECK_EQ(SYS(__NR_dup2, fd, 20), 20);
	CHECK_EQ(SYS(__NR_dup2, fd, fd), fd);
	CHECK_EQ(SYS(__NR_dup2, 50, 20), -EBADF);
	CHECK_EQ(SYS(__NR_dup2, fd, 64), -EBADF);
	CHECK_EQ(SYS(__NR_dup3, fd, 20, O_CLOEXEC), 20);
	CHECK_EQ(SYS(__NR_dup3, fd, fd, 0), -EINVAL);
	CHECK_EQ(SYS(__NR_fcntl, 20, 1), 1);	/* F_GETFD */
	CHECK_EQ(SYS(__NR_fcntl, 20, 2, 0), 0); /* F_SETFD */
	CHECK_EQ(SYS(__NR_fcntl, 20, 1), 0);
	CHECK_EQ(SYS(__NR_ioctl, 20, 0x5451), 0); /* FIOCLEX */
	CHECK_EQ(SYS(__NR_fcntl, 20, 1), 1);
	CHECK_EQ(SYS(__NR_fcntl, fd, 0, 30), 30);    /* F_DUPFD */
	CHECK_EQ(SYS(__NR_fcntl, fd, 1030, 30), 31); /* F_DUPFD_CLOEXEC */
	CHECK_EQ(SYS(__NR_fcntl, 31, 1), 1);
	CHECK_EQ(SYS(__NR_fcntl, fd, 0, 64), -EINVAL);
	CHECK_EQ(SYS(__NR_fcntl, fd, 3), O_RDWR); /* F_GETFL */
	CHECK_EQ(SYS(__NR_fcntl, fd, 4, O_APPEND | O_NONBLOCK | O_RDONLY), 0);
	CHECK_EQ(SYS(__NR_fcntl, fd, 3), O_RDWR | O_APPEND | O_NONBLOCK);
	CHECK_EQ(SYS(__NR_fcntl, fd, 99), -EINVAL);
	CHECK_EQ(SYS(__NR_ioctl, fd, 0x5401, U(buf)), -ENOTTY); /* TCGETS */
	CHECK_EQ(SYS(__NR_ioctl, fd, 0x5421, U(4)), -EFAULT);
	CHECK_EQ(SYS(__NR_ftruncate, fd, 4), 0);
	CHECK_EQ(SYS(__NR_ftruncate, fd, U(-1)), -EINVAL);
	CHECK_EQ(SYS(__NR_fsync, fd), 0);
	CHECK_EQ(SYS(__NR_fsync, 60), -EBADF);
	for (long d = 0; d < TEST_NOFILE; d++)
		SYS(__NR_close, d);
	CHECK_EQ(SYS(__NR_close, fd), -EBADF);

	/* The table fills up at RLIMIT_NOFILE. */
	for (int d = 0; d < TEST_NOFILE; d++)
		CHECK_EQ(SYS(__NR_open, U("/tmp/sc"), O_RDONLY), d);
	CHECK_EQ(SYS(__NR_open, U("/tmp/sc"), O_RDONLY), -EMFILE);
	CHECK_EQ(SYS(__NR_dup, 0), -EMFILE);
	for (long d = 0; d < TEST_NOFILE; d++)
		CHECK_EQ(SYS(__NR_close, d), 0);

	/* O_CLOEXEC lands in the table; creat truncates. */
	fd = SYS(__NR_open, U("/tmp/sc"), O_RDONLY | O_CLOEXEC);
	CHECK_EQ(SYS(__NR_fcntl, fd, 1), 1);
	CHECK_EQ(SYS(__NR_close, fd), 0);
	fd = SYS(__NR_creat, U("/tmp/sc"), 0600);
	CHECK_EQ(SYS(__NR_read, fd, U(small), 1), -EBADF);
	CHECK_EQ(SYS(__NR_fstat, fd, U(st)), 0);
	memcpy(&size, st + 48, 8);
	CHECK_EQ(size, 0);
	CHECK_EQ(SYS(__NR_close, fd), 0);
	CHECK_EQ(SYS(__NR_unlink, U("/tmp/sc")), 0);
	CHECK_EQ(live_allocs, base);
}

static void test_syscalls_dirs(void)
{
	char buf[512];
	long fd, n, base;
	int found = 0, entries = 0;

	setup();
	base = live_allocs;
	CHECK_EQ(SYS(__NR_mkdir, U("/tmp/sd"), 0777), 0);
	CHECK_EQ(SYS(__NR_mkdir, U("/tmp/sd"), 0777), -EEXIST);
	CHECK_EQ(SYS(__NR_mkdir, U("/tmp/sd/sub/"), 0777), 0);
	CHECK_EQ(SYS(__NR_mknod, U("/tmp/sd/null"), S_IFCHR | 0666, MKDEV(1, 3)), 0);
	CHECK_EQ(SYS(__NR_symlink, U("sub"), U("/tmp/sd/ln")), 0);
	CHECK_EQ(SYS(__NR_readlink, U("/tmp/sd/ln"), U(buf), sizeof(buf)), 3);
	CHECK_EQ(SYS(__NR_readlink, U("/tmp/sd/ln"), U(buf), 2), 2);
	CHECK_EQ(SYS(__NR_readlink, U("/tmp/sd/sub"), U(buf), sizeof(buf)), -EINVAL);
	CHECK_EQ(SYS(__NR_readlink, U("/tmp/sd/ln"), U(buf), 0), -EINVAL);

	/* getdents64: one record per name, 8-aligned, d_off usable with lseek. */
	fd = SYS(__NR_open, U("/tmp/sd"), O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0);
	CHECK_EQ(SYS(__NR_getdents64, fd, U(buf), 10), -EINVAL);
	n = SYS(__NR_getdents64, fd, U(buf), sizeof(buf));
	CHECK(n > 0);
	for (long off = 0; off < n;) {
		struct linux_dirent64_view *d = (void *)(buf + off);

		CHECK_EQ(d->reclen % 8, 0);
		entries++;
		if (strcmp(d->name, "null") == 0 && d->type == DT_CHR)
			found++;
		if (strcmp(d->name, "ln") == 0 && d->type == DT_LNK)
			found++;
		if (strcmp(d->name, "sub") == 0 && d->type == DT_DIR)
			found++;
		off += d->reclen;
	}
	CHECK_EQ(entries, 5);
	CHECK_EQ(found, 3);
	CHECK_EQ(SYS(__NR_getdents64, fd, U(buf), sizeof(buf)), 0);
	CHECK_EQ(SYS(__NR_lseek, fd, 0, 0), 0);
	CHECK_EQ(SYS(__NR_getdents64, fd, U(buf), sizeof(buf)), n);
	CHECK_EQ(SYS(__NR_lseek, fd, 0, 0), 0);
	CHECK_EQ(SYS(__NR_getdents64, fd, U(64), sizeof(buf)), -EFAULT);
	CHECK_EQ(SYS(__NR_getdents64, fd, U(buf), sizeof(buf)), n); /* nothing lost */
	CHECK_EQ(SYS(__NR_read, fd, U(buf), 1), -EISDIR);
	CHECK_EQ(SYS(__NR_close, fd), 0);
	fd = SYS(__NR_open, U("/tmp/sd/null"), O_RDONLY);
	CHECK_EQ(SYS(__NR_getdents64, fd, U(buf), sizeof(buf)), -ENOTDIR);
	CHECK_EQ(SYS(__NR_lseek, fd, 5, 0), 5); /* /dev/null seeks */
	CHECK_EQ(SYS(__NR_close, fd), 0);

	/* *at() relative to a directory descriptor. */
	fd = SYS(__NR_open, U("/tmp/sd/sub"), O_RDONLY | O_DIRECTORY);
	n = SYS(__NR_openat, fd, U("f"), O_CREAT | O_WRONLY, 0644);
	CHECK(n >= 0);
	CHECK_EQ(SYS(__NR_close, n), 0);
	CHECK_EQ(SYS(__NR_access, U("/tmp/sd/sub/f"), 0), 0);
	CHECK_EQ(SYS(__NR_access, U("/tmp/sd/sub/f"), 1), -EACCES); /* X_OK, 0644 */
	CHECK_EQ(SYS(__NR_fchmodat, fd, U("f"), 0755), 0);
	CHECK_EQ(SYS(__NR_faccessat, fd, U("f"), 1), 0);
	CHECK_EQ(SYS(__NR_access, U("/tmp/sd/sub/f"), 8), -EINVAL);
	CHECK_EQ(SYS(__NR_renameat, fd, U("f"), U(AT_FDCWD), U("/tmp/sd/g")), 0);
	CHECK_EQ(SYS(__NR_renameat2, U(AT_FDCWD), U("/tmp/sd/g"), U(AT_FDCWD), U("/tmp/sd/h"), 1),
		 -EINVAL);
	CHECK_EQ(SYS(__NR_linkat, U(AT_FDCWD), U("/tmp/sd/g"), fd, U("g2"), 0), 0);
	CHECK_EQ(SYS(__NR_unlinkat, fd, U("g2"), 0), 0);
	CHECK_EQ(SYS(__NR_unlinkat, fd, U("g2"), 0x100), -EINVAL);
	CHECK_EQ(SYS(__NR_openat, 60, U("f"), O_RDONLY), -EBADF);
	n = SYS(__NR_open, U("/tmp/sd/g"), O_RDONLY);
	CHECK_EQ(SYS(__NR_openat, n, U("f"), O_RDONLY), -ENOTDIR);
	CHECK_EQ(SYS(__NR_openat, n, U("/tmp/sd/g"), O_RDONLY), n + 1); /* absolute: dirfd ignored */
	CHECK_EQ(SYS(__NR_close, n + 1), 0);
	CHECK_EQ(SYS(__NR_close, n), 0);
	CHECK_EQ(SYS(__NR_close, fd), 0);

	/* chown, chmod, utimensat, umask. */
	{
		u8 st[144], stx[256];
		u32 uid, gid, mode;
		u16 smode;
		u64 mtime;
		s64 ts[4] = { 0, (1L << 30) - 2, 1234, 5 }; /* atime OMIT, mtime 1234.000000005 */

		CHECK_EQ(SYS(__NR_chown, U("/tmp/sd/g"), 1000, U(-1)), 0);
		CHECK_EQ(SYS(__NR_chmod, U("/tmp/sd/g"), 04711), 0);
		CHECK_EQ(SYS(__NR_utimensat, U(AT_FDCWD), U("/tmp/sd/g"), U(ts), 0), 0);
		CHECK_EQ(SYS(__NR_lstat, U("/tmp/sd/g"), U(st)), 0);
		memcpy(&uid, st + 28, 4);
		memcpy(&gid, st + 32, 4);
		memcpy(&mode, st + 24, 4);
		memcpy(&mtime, st + 88, 8);
		CHECK_EQ(uid, 1000);
		CHECK_EQ(gid, 0);
		CHECK_EQ(mode, S_IFREG | 04711);
		CHECK_EQ(mtime, 1234);
		ts[3] = NSEC_PER_SEC;
		CHECK_EQ(SYS(__NR_utimensat, U(AT_FDCWD), U("/tmp/sd/g"), U(ts), 0), -EINVAL);
		CHECK_EQ(SYS(__NR_umask, 077), 022);
		CHECK_EQ(SYS(__NR_mkdir, U("/tmp/sd/private"), 0777), 0);
		CHECK_EQ(SYS(__NR_stat, U("/tmp/sd/private"), U(st)), 0);
		memcpy(&mode, st + 24, 4);
		CHECK_EQ(mode, S_IFDIR | 0700);
		CHECK_EQ(SYS(__NR_umask, 022), 077);
		CHECK_EQ(SYS(__NR_rmdir, U("/tmp/sd/private")), 0);
		/* statx: the same attributes in its own layout, the rest zero; Linux's flag checks. */
		memset(stx, 0xa5, sizeof(stx));
		CHECK_EQ(SYS(__NR_statx, U(AT_FDCWD), U("/tmp/sd/g"), AT_SYMLINK_NOFOLLOW, 0xfff,
			     U(stx)),
			 0);
		memcpy(&uid, stx + 20, 4);
		memcpy(&smode, stx + 28, 2);
		memcpy(&mtime, stx + 112, 8);
		CHECK_EQ(stx[0] | stx[1] << 8, 0x7ff); /* STATX_BASIC_STATS: no birth time */
		CHECK_EQ(uid, 1000);
		CHECK_EQ(smode, S_IFREG | 04711);
		CHECK_EQ(mtime, 1234);
		CHECK_EQ(stx[80] | stx[160] | stx[255], 0); /* stx_btime, the spare words */
		CHECK_EQ(SYS(__NR_statx, U(AT_FDCWD), U("/tmp/sd/g"), 0, 0x80000000UL, U(stx)),
			 -EINVAL);
		CHECK_EQ(SYS(__NR_statx, U(AT_FDCWD), U("/tmp/sd/g"), 0x6000, 0x7ff, U(stx)), -EINVAL);
		CHECK_EQ(SYS(__NR_statx, U(AT_FDCWD), U("/tmp/sd/g"), 0x2000, 0x7ff, U(16)), -EFAULT);
	}

	/* chdir, getcwd, fchdir; a removed cwd has no path. */
	CHECK_EQ(SYS(__NR_chdir, U("/tmp/sd/ln")), 0);
	CHECK_EQ(SYS(__NR_getcwd, U(buf), sizeof(buf)), 12);
	CHECK_STR(buf, "/tmp/sd/sub");
	CHECK_STR(cur->cwd_path, "/tmp/sd/sub");
	CHECK_EQ(SYS(__NR_getcwd, U(buf), 5), -ERANGE);
	CHECK_EQ(SYS(__NR_getcwd, U(16), 100), -EFAULT);
	CHECK_EQ(SYS(__NR_chdir, U("../g")), -ENOTDIR);
	CHECK_EQ(SYS(__NR_rmdir, U("../sub")), 0);
	CHECK_EQ(SYS(__NR_getcwd, U(buf), sizeof(buf)), -ENOENT);
	CHECK_EQ(SYS(__NR_open, U("x"), O_CREAT | O_WRONLY, 0644), -ENOENT);
	fd = SYS(__NR_open, U("/proc/self"), O_RDONLY | O_DIRECTORY);
	CHECK_EQ(SYS(__NR_fchdir, fd), 0);
	CHECK_EQ(SYS(__NR_getcwd, U(buf), sizeof(buf)), 9);
	CHECK_STR(buf, "/proc/42");
	CHECK_EQ(SYS(__NR_close, fd), 0);
	CHECK_EQ(SYS(__NR_chdir, U("/")), 0);
	CHECK_EQ(SYS(__NR_getcwd, U(buf), sizeof(buf)), 2);
	CHECK_STR(buf, "/");

	CHECK_EQ(SYS(__NR_unlink, U("/tmp/sd/g")), 0);
	CHECK_EQ(SYS(__NR_unlink, U("/tmp/sd/ln")), 0);
	CHECK_EQ(SYS(__NR_unlink, U("/tmp/sd/null")), 0);
	CHECK_EQ(SYS(__NR_rmdir, U("/tmp/sd")), 0);
	set_cwd_root();
	CHECK_EQ(live_allocs, base);
}

/* struct epoll_event as x86_64 packs it. */
struct epoll_view {
	u32 events;
	u64 data;
} __attribute__((packed));

/* epoll over pipes, flock, memfd and close_range: errors, and nothing left allocated. */
static void test_syscalls_fdkinds(void)
{
	struct epoll_view ev = { 0x001, 42 }, out[2];
	int fds[2], ep, ep2, m;
	long base;

	setup();
	base = live_allocs;
	CHECK_EQ(SYS(__NR_pipe2, U(fds), O_NONBLOCK), 0);
	ep = (int)SYS(__NR_epoll_create1, O_CLOEXEC);
	CHECK(ep >= 0);
	CHECK_EQ(SYS(__NR_epoll_create1, 1), -EINVAL);
	CHECK_EQ(SYS(__NR_epoll_ctl, ep, 1, fds[0], U(&ev)), 0);
	CHECK_EQ(SYS(__NR_epoll_ctl, ep, 1, fds[0], U(&ev)), -EEXIST);
	CHECK_EQ(SYS(__NR_epoll_ctl, ep, 3, fds[1], U(&ev)), -ENOENT);
	CHECK_EQ(SYS(__NR_epoll_ctl, ep, 1, ep, U(&ev)), -EINVAL);
	CHECK_EQ(SYS(__NR_epoll_ctl, ep, 1, 60, U(&ev)), -EBADF);
	CHECK_EQ(SYS(__NR_epoll_wait, ep, U(out), 2, 0), 0);
	CHECK_EQ(SYS(__NR_epoll_wait, ep, U(out), 0, 0), -EINVAL);
	CHECK_EQ(SYS(__NR_write, fds[1], U("x"), 1), 1);
	CHECK_EQ(SYS(__NR_epoll_wait, ep, U(out), 2, 0), 1);
	CHECK_EQ(out[0].events, 0x001);
	CHECK_EQ(out[0].data, 42);
	/* Sets that would contain each other. */
	ep2 = (int)SYS(__NR_epoll_create1, 0);
	CHECK_EQ(SYS(__NR_epoll_ctl, ep2, 1, ep, U(&ev)), 0);
	CHECK_EQ(SYS(__NR_epoll_ctl, ep, 1, ep2, U(&ev)), -ELOOP);
	CHECK_EQ(SYS(__NR_epoll_wait, ep2, U(out), 2, 0), 1);
	/* The read end's last close takes it out of the set. */
	CHECK_EQ(SYS(__NR_close, fds[0]), 0);
	CHECK_EQ(SYS(__NR_epoll_wait, ep, U(out), 2, 0), 0);
	/* flock on the write end; close_range closes the rest. */
	CHECK_EQ(SYS(__NR_flock, fds[1], 2 | 4), 0);
	CHECK_EQ(SYS(__NR_flock, fds[1], 16), -EINVAL);
	m = (int)SYS(__NR_memfd_create, U("m"), 2);
	CHECK(m >= 0);
	CHECK_EQ(SYS(__NR_write, m, U("abc"), 3), 3);
	CHECK_EQ(SYS(__NR_fcntl, m, 1033, 0x4), 0); /* F_SEAL_GROW */
	CHECK_EQ(SYS(__NR_write, m, U("d"), 1), -EPERM);
	CHECK_EQ(SYS(__NR_ftruncate, m, 1), 0);
	CHECK_EQ(SYS(__NR_fcntl, m, 1034), 0x4);
	CHECK_EQ(SYS(__NR_close_range, 5, 4, 0), -EINVAL);
	CHECK_EQ(SYS(__NR_close_range, 0, ~0U, 0), 0);
	CHECK_EQ(SYS(__NR_close, ep), -EBADF);
	CHECK_EQ(live_allocs, base);
}

struct pollfd_view {
	int fd;
	short events, revents;
};

static void test_syscalls_pipe_poll(void)
{
	struct pollfd_view p[3];
	int fds[2];
	char buf[8];
	long base;

	setup();
	base = live_allocs;
	CHECK_EQ(SYS(__NR_pipe2, U(fds), O_NONBLOCK | O_CLOEXEC), 0);
	CHECK(fds[0] >= 0 && fds[1] == fds[0] + 1);
	CHECK_EQ(SYS(__NR_fcntl, fds[0], 1), 1);
	CHECK_EQ(SYS(__NR_pipe2, U(fds), 0x10), -EINVAL);
	CHECK_EQ(SYS(__NR_lseek, fds[0], 0, 0), -ESPIPE);
	CHECK_EQ(SYS(__NR_pread64, fds[0], U(buf), 1, 0), -ESPIPE);
	CHECK_EQ(SYS(__NR_read, fds[0], U(buf), 1), -EAGAIN);
	CHECK_EQ(SYS(__NR_write, fds[0], U("x"), 1), -EBADF);

	p[0].fd = fds[0];
	p[0].events = POLLIN;
	p[1].fd = fds[1];
	p[1].events = POLLOUT;
	p[2].fd = 60;
	p[2].events = POLLIN;
	CHECK_EQ(SYS(__NR_poll, U(p), 3, 0), 2);
	CHECK_EQ(p[0].revents, 0);
	CHECK_EQ(p[1].revents, POLLOUT);
	CHECK_EQ(p[2].revents, POLLNVAL);
	CHECK_EQ(SYS(__NR_write, fds[1], U("hey"), 3), 3);
	CHECK_EQ(SYS(__NR_poll, U(p), 2, 0), 2);
	CHECK_EQ(p[0].revents, POLLIN);
	{
		s64 ts[2] = { 0, 0 };

		u64 mask = sigmask(SIGUSR1);

		CHECK_EQ(SYS(__NR_ppoll, U(p), 1, U(ts), 0, 8), 1);
		test_blocked = sigmask(SIGUSR2);
		CHECK_EQ(SYS(__NR_ppoll, U(p), 1, U(ts), U(&mask), 8), 1);
		CHECK_EQ(test_blocked, sigmask(SIGUSR2)); /* back as it was */
		CHECK_EQ(SYS(__NR_ppoll, U(p), 1, U(ts), U(&mask), 4), -EINVAL);
		test_blocked = 0;
		ts[1] = -1;
		CHECK_EQ(SYS(__NR_ppoll, U(p), 1, U(ts), 0, 8), -EINVAL);
	}
	CHECK_EQ(SYS(__NR_poll, U(16), 1, 0), -EFAULT);
	CHECK_EQ(SYS(__NR_poll, U(p), 100000, 0), -EINVAL);
	CHECK_EQ(SYS(__NR_read, fds[0], U(buf), sizeof(buf)), 3);
	CHECK_EQ(SYS(__NR_close, fds[1]), 0);
	CHECK_EQ(SYS(__NR_poll, U(p), 1, 0), 1);
	CHECK_EQ(p[0].revents, POLLHUP);
	CHECK_EQ(SYS(__NR_read, fds[0], U(buf), sizeof(buf)), 0);
	{
		/* select: the read end has hung up (readable), the descriptor 60 is not open. */
		u64 in = 1ULL << fds[0], bad = 1ULL << 60;
		s64 tv[2] = { 0, 0 };

		CHECK_EQ(SYS(__NR_select, fds[0] + 1, U(&in), 0, 0, U(tv)), 1);
		CHECK_EQ(in, 1ULL << fds[0]);
		CHECK_EQ(SYS(__NR_select, 61, U(&bad), 0, 0, U(tv)), -EBADF);
		CHECK_EQ(SYS(__NR_select, -1, 0, 0, 0, U(tv)), -EINVAL);
		CHECK_EQ(SYS(__NR_select, fds[0] + 1, U(16), 0, 0, U(tv)), -EFAULT);
	}
	CHECK_EQ(SYS(__NR_close, fds[0]), 0);

	/* sendfile from a file into a pipe. */
	CHECK_EQ(put_file("/tmp/sf", "sendfile", 8), 0);
	CHECK_EQ(SYS(__NR_pipe, U(fds)), 0);
	{
		long in = SYS(__NR_open, U("/tmp/sf"), O_RDONLY);
		u64 off = 4;

		CHECK_EQ(SYS(__NR_sendfile, fds[1], in, U(&off), 100), 4);
		CHECK_EQ(off, 8);
		CHECK_EQ(SYS(__NR_read, fds[0], U(buf), sizeof(buf)), 4);
		CHECK(memcmp(buf, "file", 4) == 0);
		CHECK_EQ(SYS(__NR_sendfile, fds[1], in, 0, 100), 8);
		CHECK_EQ(SYS(__NR_sendfile, in, fds[0], 0, 100), -EBADF);
		CHECK_EQ(SYS(__NR_close, in), 0);
	}
	CHECK_EQ(SYS(__NR_close, fds[0]), 0);
	CHECK_EQ(SYS(__NR_close, fds[1]), 0);
	CHECK_EQ(SYS(__NR_unlink, U("/tmp/sf")), 0);
	CHECK_EQ(live_allocs, base);
}

/* ---------------------------------------------------------------- out of memory */

/* Every allocation along a busy path fails in turn: errors, never leaks or crashes. */
/* ---------------------------------------------------------------- block devices */

static u8 ram_disk[64 * 512];
static int ram_flushes, ram_rw_calls;
static bool ram_fail;

static int ram_rw(struct blkdev *bd, bool write, u64 sector, u32 nr, void *buf)
{
	ram_rw_calls++;
	if (ram_fail)
		return -EIO;
	if (sector + nr > bd->nr_sectors) {
		fprintf(stderr, "  driver asked for sectors %llu+%u past the disk\n",
			(unsigned long long)sector, nr);
		unit_failed_checks++;
		return -EIO;
	}
	/* buf may be the caller's own (user_buffers): copied as a driver must. */
	if (write)
		return copy_checked(ram_disk + sector * 512, buf, nr * 512);
	return copy_checked(buf, ram_disk + sector * 512, nr * 512);
}

static int ram_flush(struct blkdev *bd __unused)
{
	ram_flushes++;
	return ram_fail ? -EIO : 0;
}

static const struct blkdev_ops ram_ops = { .rw = ram_rw, .flush = ram_flush };

static void test_block_device(void)
{
	static struct blkdev bd = {
		/* clang-format off */
		.name = "ram0", .major = 202, .minor = 0, .nr_sectors = 64, .sector_size = 512,
		/* clang-format on */
		.ops = &ram_ops,
	};
	static struct blkdev ro = {
		/* clang-format off */
		.name = "ram1", .major = 202, .minor = 16, .nr_sectors = 8, .sector_size = 512,
		.readonly = true, .ops = &ram_ops,
		/* clang-format on */
	};
	char buf[2048];
	u64 size64 = 0;
	u8 st[144];
	u32 mode;
	long fd, base;

	setup();
	base = live_allocs;
	for (size_t i = 0; i < sizeof(ram_disk); i++)
		ram_disk[i] = (u8)(i / 512);
	CHECK_EQ(blkdev_register(&bd), 0);
	CHECK_EQ(blkdev_register(&bd), -EBUSY);
	CHECK_EQ(blkdev_register(&ro), 0);
	CHECK_EQ(SYS(__NR_stat, U("/dev/ram0"), U(st)), 0);
	memcpy(&mode, st + 24, 4);
	CHECK_EQ(mode, S_IFBLK | 0660);

	fd = SYS(__NR_open, U("/dev/ram0"), O_RDWR);
	CHECK(fd >= 0);
	/* The size is the disk's: SEEK_END and BLKGETSIZE64. */
	CHECK_EQ(SYS(__NR_lseek, fd, 0, 2), 64 * 512);
	CHECK_EQ(SYS(__NR_ioctl, fd, BLKGETSIZE64, U(&size64)), 0);
	CHECK_EQ(size64, 64 * 512);
	CHECK_EQ(SYS(__NR_read, fd, U(buf), 10), 0); /* at the end */
	CHECK_EQ(SYS(__NR_write, fd, U("x"), 1), -ENOSPC);
	/* A read across sector boundaries, starting and ending inside sectors. */
	CHECK_EQ(SYS(__NR_pread64, fd, U(buf), 1000, 500), 1000);
	CHECK(buf[0] == 0 && buf[11] == 0 && buf[12] == 1 && buf[999] == 2);
	/* A write likewise: the bytes around it survive (read, patch, write). */
	memset(buf, 0xee, sizeof(buf));
	CHECK_EQ(SYS(__NR_pwrite64, fd, U(buf), 600, 1000), 600);
	CHECK(ram_disk[999] == 1 && ram_disk[1000] == 0xee && ram_disk[1599] == 0xee &&
	      ram_disk[1600] == 3);
	/* The last bytes of the disk, then a short read at its end. */
	CHECK_EQ(SYS(__NR_pread64, fd, U(buf), 100, 64 * 512 - 10), 10);
	CHECK(buf[9] == 63);
	/* Whole sectors in one driver call, straight into the caller's buffer. */
	ram_rw_calls = 0;
	CHECK_EQ(SYS(__NR_pread64, fd, U(buf), 2048, 4096), 2048);
	CHECK_EQ(ram_rw_calls, 1);
	CHECK(buf[0] == 8 && buf[2047] == 11);
	/* A bad buffer is -EFAULT, whole sectors or a part of one, and the disk keeps its data. */
	CHECK_EQ(SYS(__NR_pread64, fd, U(0x1000), 1024, 0), -EFAULT);
	CHECK_EQ(SYS(__NR_pwrite64, fd, U(0x1000), 1024, 0), -EFAULT);
	CHECK_EQ(SYS(__NR_pwrite64, fd, U(0x1000), 100, 10), -EFAULT);
	CHECK_EQ(SYS(__NR_pread64, fd, U(0x1000), 100, 10), -EFAULT);
	CHECK(ram_disk[0] == 0 && ram_disk[10] == 0 && ram_disk[600] == 1);
	/* fsync and sync flush the disk. */
	ram_flushes = 0;
	CHECK_EQ(SYS(__NR_fsync, fd), 0);
	CHECK_EQ(SYS(__NR_fdatasync, fd), 0);
	CHECK_EQ(SYS(__NR_sync), 0);
	CHECK_EQ(ram_flushes, 4); /* sync flushed both disks */
	/* The driver's errors reach the caller. */
	ram_fail = true;
	CHECK_EQ(SYS(__NR_pread64, fd, U(buf), 512, 0), -EIO);
	CHECK_EQ(SYS(__NR_fsync, fd), -EIO);
	ram_fail = false;
	/* A read-only disk refuses to open for writing. */
	CHECK_EQ(SYS(__NR_open, U("/dev/ram1"), O_RDWR), -EROFS);
	/* A node for no disk. */
	CHECK_EQ(SYS(__NR_mknod, U("/tmp/blk"), S_IFBLK | 0600, MKDEV(202, 32)), 0);
	CHECK_EQ(SYS(__NR_open, U("/tmp/blk"), O_RDONLY), -ENXIO);
	CHECK_EQ(SYS(__NR_unlink, U("/tmp/blk")), 0);
	/* The disk goes: its node too, and I/O on the open file fails. */
	blkdev_unregister(&bd);
	blkdev_unregister(&ro);
	CHECK_EQ(lookup_err("/dev/ram0", true), -ENOENT);
	CHECK_EQ(SYS(__NR_pread64, fd, U(buf), 512, 0), -EIO);
	CHECK_EQ(SYS(__NR_close, fd), 0);
	CHECK_EQ(live_allocs, base);
}

static void test_out_of_memory(void)
{
	static char data[6000];
	long base;

	setup();
	memset(data, 'm', sizeof(data));
	base = live_allocs;
	for (long k = 0; k < 100; k++) {
		struct file *f;
		int err;
		u64 pos = 0;

		fail_countdown = k;
		if (vfs_mknod(NULL, "/tmp/oom", S_IFDIR | 0755, 0, NULL) == 0) {
			f = vfs_open("/tmp/oom/f", O_CREAT | O_RDWR, 0644, &err);
			if (f) {
				f->ops->write(f, data, sizeof(data), &pos);
				file_put(f);
			}
			vfs_symlink("f", NULL, "/tmp/oom/l");
			vfs_rename(NULL, "/tmp/oom/l", NULL, "/tmp/oom/l2");
			lookup_err("/tmp/oom/l2", true);
			SYS(__NR_getcwd, U(data), 100);
		}
		/* The last rounds must get through with no failure at all. */
		if (k >= 95)
			CHECK(fail_countdown >= 0);
		fail_countdown = -1;
		vfs_unlink(NULL, "/tmp/oom/f", false);
		vfs_unlink(NULL, "/tmp/oom/l", false);
		vfs_unlink(NULL, "/tmp/oom/l2", false);
		vfs_unlink(NULL, "/tmp/oom", true);
		CHECK_EQ(live_allocs, base);
		CHECK_EQ(lookup_err("/tmp/oom", true), -ENOENT);
	}
}

/* ---------------------------------------------------------------- mount */

static bool text_has(const char *path, const char *what)
{
	static char text[4096];
	long n = get_file(path, text, sizeof(text) - 1);

	text[n > 0 ? n : 0] = '\0';
	return strstr(text, what) != NULL;
}

static void test_system_files(void)
{
	char buf[1024];
	long n;

	setup();
	n = get_file("/proc/stat", buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	/* 5 s up, 3 idle, 1 user: 100 ticks user, 100 system, 300 idle. */
	CHECK(strncmp(buf, "cpu  100 0 ", 11) == 0);
	CHECK(strstr(buf, " 300 0 0 0 0 0 0\ncpu0 100 0 ") != NULL);
	CHECK(strstr(buf, "\nintr 5 5 0 ") && strstr(buf, "\nctxt 77\n"));
	CHECK(strstr(buf, "\nbtime 1700000000\nprocesses 9\nprocs_running 1\nprocs_blocked 0\n"));
	CHECK(text_has("/proc/loadavg", "1.00 0.00 0.00 1/4 42\n"));
	CHECK(text_has("/proc/uptime", " 3.00\n"));
	CHECK(text_has("/proc/version", "Linux version 6.1.0-test "));
	CHECK(text_has("/proc/sys/kernel/osrelease", "6.1.0-test\n"));
	CHECK(text_has("/proc/sys/kernel/ostype", "Linux\n"));
	CHECK(text_has("/proc/sys/kernel/hostname", "unit\n"));
	CHECK(text_has("/proc/sys/kernel/pid_max", "32768\n"));
	CHECK(text_has("/proc/filesystems", "nodev\ttmpfs\n"));
	CHECK(text_has("/proc/cpuinfo", "vendor_id\t: TestVendor\n"));
	CHECK(text_has("/proc/mounts", "rootfs / rootfs rw 0 0\nproc /proc proc rw 0 0\nsysfs /sys sysfs rw 0 0\n"));
	CHECK(text_has("/proc/42/mounts", "proc /proc proc rw 0 0\n"));
	CHECK(text_has("/proc/42/status", "Name:\tsh\n"));
	CHECK(text_has("/sys/devices/system/cpu/online", "0\n"));
	CHECK_EQ(lookup_err("/sys/hypervisor/type", true), -ENOENT);
	CHECK_EQ(lookup_err("/proc/sys/kernel/nothing", true), -ENOENT);
	CHECK_EQ(ino_of("/proc/sys/kernel/.."), ino_of("/proc/sys"));
	CHECK_EQ(ino_of("/sys/devices/.."), ino_of("/sys"));
}

static void test_mount(void)
{
	char buf[256];
	struct inode *i;
	struct file *f;
	long base;
	int err;

	setup();
	set_cwd_root();
	base = live_allocs;
	CHECK_EQ(vfs_mknod(NULL, "/tmp/m", S_IFDIR | 0755, 0, NULL), 0);
	CHECK_EQ(put_file("/tmp/m/under", "x", 1), 0);
	CHECK_EQ(put_file("/tmp/file", "x", 1), 0);

	/* The errors mount(2) gives before anything is mounted. */
	CHECK_EQ(SYS(__NR_mount, U("none"), U("/tmp/m"), U("nofs"), 0, 0), -ENODEV);
	CHECK_EQ(SYS(__NR_mount, U("none"), U("/tmp/m"), 0, 0, 0), -EINVAL);
	CHECK_EQ(SYS(__NR_mount, U("none"), U("/tmp/nothing"), U("tmpfs"), 0, 0), -ENOENT);
	CHECK_EQ(SYS(__NR_mount, U("none"), U("/tmp/file"), U("tmpfs"), 0, 0), -ENOTDIR);
	CHECK_EQ(SYS(__NR_mount, U("none"), U("/tmp/m"), U("tmpfs"), 1 /* MS_RDONLY */, 0), -EINVAL);
	CHECK_EQ(SYS(__NR_mount, U("none"), U("/tmp/m"), U("tmpfs"), 0, U("size=1m")), -EINVAL);
	CHECK_EQ(SYS(__NR_mount, U("none"), U("/"), U("tmpfs"), 0, 0), -EBUSY);
	CHECK_EQ(SYS(__NR_mount, U("none"), U("/proc/self"), U("tmpfs"), 0, 0), -EINVAL);
	CHECK_EQ(SYS(__NR_mount, U("none"), U(1), U("tmpfs"), 0, 0), -EFAULT);
	CHECK_EQ(SYS(__NR_umount2, U("/tmp/m"), 0), -EINVAL);
	CHECK_EQ(SYS(__NR_umount2, U("/tmp/m"), 0x10), -EINVAL);
	CHECK_EQ(SYS(__NR_umount2, U("/"), 0), -EBUSY);

	/* A tmpfs covers what was there, and is its own file system. */
	CHECK_EQ(SYS(__NR_mount, U("none"), U("/tmp/m"), U("tmpfs"), 0, U("mode=700")), 0);
	CHECK_EQ(lookup_err("/tmp/m/under", true), -ENOENT);
	CHECK_EQ(put_file("/tmp/m/new", "y", 1), 0);
	CHECK(text_has("/proc/mounts", "\nnone /tmp/m tmpfs rw,mode=700 0 0\n"));
	CHECK_EQ(vfs_rename(NULL, "/tmp/m/new", NULL, "/tmp/x"), -EXDEV);
	CHECK_EQ(vfs_link(NULL, "/tmp/m/new", NULL, "/tmp/x", true), -EXDEV);
	CHECK_EQ(vfs_unlink(NULL, "/tmp/m", true), -EBUSY);
	CHECK_EQ(vfs_rename(NULL, "/tmp/m", NULL, "/tmp/m2"), -EBUSY);
	CHECK_EQ(ino_of("/tmp/m/.."), ino_of("/tmp"));
	i = path_lookup("/tmp/m", true);
	CHECK_EQ(vfs_path_of(i, buf, sizeof(buf)), 6);
	CHECK_EQ(i->mode, S_IFDIR | 0700);
	inode_put(i);

	/* Busy while a file is open or a directory is someone's cwd. */
	f = vfs_open("/tmp/m/new", O_RDONLY, 0, &err);
	CHECK(f != NULL);
	CHECK_EQ(SYS(__NR_umount2, U("/tmp/m"), 0), -EBUSY);
	file_put(f);
	CHECK_EQ(vfs_mknod(NULL, "/tmp/m/d", S_IFDIR | 0755, 0, NULL), 0);
	cur->cwd = path_lookup("/tmp/m/d", true);
	CHECK_EQ(SYS(__NR_umount2, U("/tmp/m"), 0), -EBUSY);
	set_cwd_root();
	/* MNT_EXPIRE: marked the first time, gone the second. */
	CHECK_EQ(SYS(__NR_umount2, U("/tmp/m"), 4), -EAGAIN);
	CHECK_EQ(SYS(__NR_umount2, U("/tmp/m"), 4 | 2), -EINVAL);
	CHECK_EQ(SYS(__NR_umount2, U("/tmp/m"), 4), 0);
	CHECK_EQ(lookup_err("/tmp/m/under", true), 0);
	CHECK_EQ(lookup_err("/tmp/m/new", true), -ENOENT);
	CHECK(!text_has("/proc/mounts", "/tmp/m"));

	/* proc mounted twice, and stacked: the top one goes first. */
	CHECK_EQ(SYS(__NR_mount, U("p1"), U("/tmp/m"), U("proc"), 0xe /* nosuid,nodev,noexec */, 0), 0);
	CHECK_EQ(SYS(__NR_mount, U("t2"), U("/tmp/m"), U("tmpfs"), 0, 0), 0);
	CHECK_EQ(lookup_err("/tmp/m/meminfo", true), -ENOENT);
	CHECK(text_has("/proc/mounts", "\np1 /tmp/m proc rw,nosuid,nodev,noexec 0 0\nt2 /tmp/m tmpfs rw 0 0\n"));
	CHECK_EQ(SYS(__NR_umount2, U("/tmp/m"), 0), 0);
	CHECK(text_has("/tmp/m/self/stat", "42 (sh) "));
	CHECK_EQ(ino_of("/tmp/m/42/../.."), ino_of("/tmp"));
	f = vfs_open("/tmp/m/meminfo", O_RDONLY, 0, &err);
	CHECK(f != NULL);
	CHECK_EQ(SYS(__NR_umount2, U("/tmp/m"), 0), -EBUSY);
	/* MNT_DETACH takes it away at once; the open file keeps its instance. */
	CHECK_EQ(SYS(__NR_umount2, U("/tmp/m"), 2), 0);
	CHECK_EQ(lookup_err("/tmp/m/under", true), 0);
	file_put(f);
	/* Remount and propagation on a mount's root only. */
	CHECK_EQ(SYS(__NR_mount, 0, U("/proc"), 0, 0x20 | 1 /* MS_REMOUNT|MS_RDONLY */, 0), 0);
	CHECK(text_has("/proc/mounts", "\nproc /proc proc ro 0 0\n"));
	CHECK_EQ(SYS(__NR_mount, 0, U("/proc"), 0, 0x20, 0), 0);
	CHECK_EQ(SYS(__NR_mount, 0, U("/tmp"), 0, 0x20, 0), -EINVAL);
	CHECK_EQ(SYS(__NR_mount, 0, U("/proc"), 0, 0x40000 /* MS_PRIVATE */, 0), 0);
	CHECK_EQ(SYS(__NR_mount, 0, U("/proc"), 0, 0x100000 /* MS_SHARED */, 0), -EINVAL);
	CHECK_EQ(SYS(__NR_mount, U("/tmp"), U("/tmp/m"), 0, 0x1000 /* MS_BIND */, 0), -EINVAL);

	CHECK_EQ(vfs_unlink(NULL, "/tmp/m/under", false), 0);
	CHECK_EQ(vfs_unlink(NULL, "/tmp/m", true), 0);
	CHECK_EQ(vfs_unlink(NULL, "/tmp/file", false), 0);
	CHECK_EQ(live_allocs, base);
}

/* devpts: the boot's mount, nodes the pty driver makes and removes, options checked whole. */
static void test_devpts(void)
{
	char opts[64];
	struct names nm;
	struct inode *i;

	setup();
	CHECK(text_has("/proc/filesystems", "nodev\tdevpts\n"));
	CHECK(text_has("/proc/mounts", "\ndevpts /dev/pts devpts rw,nosuid,noexec,gid=5,mode=620,ptmxmode=000 0 0\n"));
	i = path_lookup("/dev/pts/ptmx", true);
	CHECK(!IS_ERR(i) && i->mode == S_IFCHR && i->rdev == MKDEV(5, 2));
	inode_put(i);
	CHECK_EQ(ino_of("/dev/pts/.."), ino_of("/dev"));
	CHECK_EQ(devpts_pty_new(3), 0);
	i = path_lookup("/dev/pts/3", true);
	CHECK(!IS_ERR(i) && i->mode == (S_IFCHR | 0620) && i->rdev == MKDEV(136, 3) && i->gid == 5);
	inode_put(i);
	CHECK_EQ(list_dir("/dev/pts", &nm), 0);
	CHECK(nm.n == 4 && listed(&nm, "..") && listed(&nm, "ptmx") && listed(&nm, "3"));
	CHECK_EQ(lookup_err("/dev/pts/03", true), -ENOENT);
	CHECK_EQ(lookup_err("/dev/pts/4", true), -ENOENT);
	CHECK_EQ(lookup_err("/dev/pts/99999", true), -ENOENT);
	devpts_pty_kill(3);
	CHECK_EQ(lookup_err("/dev/pts/3", true), -ENOENT);
	CHECK(devpts_pty_inode(3) == NULL);
	/* A bad option anywhere leaves every option as it was. */
	strcpy(opts, "mode=9");
	CHECK_EQ(devpts_options(opts), -EINVAL);
	strcpy(opts, "ptmxmode=666,bogus=1");
	CHECK_EQ(devpts_options(opts), -EINVAL);
	strcpy(opts, "newinstance,mode");
	CHECK_EQ(devpts_options(opts), -EINVAL);
	CHECK(text_has("/proc/mounts", "gid=5,mode=620,ptmxmode=000 0 0\n"));
	strcpy(opts, "newinstance,ptmxmode=666,max=2");
	CHECK_EQ(devpts_options(opts), 0);
	CHECK(text_has("/proc/mounts", "gid=5,mode=620,ptmxmode=666,max=2 0 0\n"));
	CHECK_EQ(devpts_max_ptys(), 2);
	i = path_lookup("/dev/pts/ptmx", true);
	CHECK(!IS_ERR(i) && i->mode == (S_IFCHR | 0666));
	inode_put(i);
	strcpy(opts, "ptmxmode=000,max=256");
	CHECK_EQ(devpts_options(opts), 0);
}

static const struct unit_case cases[] = {
	{ "boot_tree", test_boot_tree },
	{ "create_lookup_unlink", test_create_lookup_unlink },
	{ "open_file_survives_unlink", test_open_file_survives_unlink },
	{ "rename", test_rename },
	{ "readdir_resume", test_readdir_resume },
	{ "write_read_holes", test_write_read_holes },
	{ "map_page", test_map_page },
	{ "path_edges", test_path_edges },
	{ "symlinks", test_symlinks },
	{ "fdtable", test_fdtable },
	{ "pipe", test_pipe },
	{ "devices", test_devices },
	{ "procfs", test_procfs },
	{ "system_files", test_system_files },
	{ "mount", test_mount },
	{ "devpts", test_devpts },
	{ "initramfs", test_initramfs },
	{ "initramfs_report", test_initramfs_report },
	{ "initramfs_appended", test_initramfs_appended },
	{ "syscalls_files", test_syscalls_files },
	{ "syscalls_dirs", test_syscalls_dirs },
	{ "syscalls_pipe_poll", test_syscalls_pipe_poll },
	{ "syscalls_fdkinds", test_syscalls_fdkinds },
	{ "block_device", test_block_device },
	{ "out_of_memory", test_out_of_memory },
};

UNIT_MAIN(cases)
