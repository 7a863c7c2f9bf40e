/*
 * utest: mremap (in place, moved, shrunk, fixed, DONTUNMAP, shared and
 * file mappings, errors), mlock and mlockall with RLIMIT_MEMLOCK, mmap's
 * MAP_POPULATE/MAP_LOCKED and friends, /proc/self/maps, and POSIX
 * shared memory on /dev/shm.
 */
#include "utest.h"

#include <sys/resource.h>
#include <sys/statfs.h>

#define RW (PROT_READ | PROT_WRITE)

/* A line of /proc/self/status ("VmRSS:"), in kB. */
static long status_kb(const char *key)
{
	static char buf[4096];
	char *s;

	read_file("/proc/self/status", buf, sizeof(buf));
	s = strstr(buf, key);
	if (!s)
		fail("no %s in /proc/self/status", key);
	return strtol(s + strlen(key), NULL, 10);
}

/* Whether [addr, addr + len) is mapped throughout (msync says ENOMEM for holes). */
static int mapped(void *addr, size_t len)
{
	return msync(addr, len, MS_ASYNC) == 0;
}

static char *map_anon(size_t len)
{
	return (char *)OK(mmap(NULL, len, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
}

static long raw_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	return syscall(SYS_mremap, old, old_len, new_len, flags, new_addr);
}

/* ------------------------------------------------------------ mremap */

static void t_mremap_grow(void)
{
	char *p = map_anon(4 * PAGE), *q;

	OK(munmap(p + 2 * PAGE, 2 * PAGE));
	memset(p, 'a', 2 * PAGE);
	/* Room after it: grows where it is, the new part reads zeros. */
	CHECK(raw_mremap(p, 2 * PAGE, 4 * PAGE, 0, NULL) == (long)p);
	CHECK_EQ(p[2 * PAGE - 1], 'a');
	CHECK_EQ(p[3 * PAGE], 0);
	p[3 * PAGE] = 'b';
	/* A mapping in the way: ENOMEM without MREMAP_MAYMOVE, a move with it. */
	OK(mmap(p + 4 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0));
	CHECK_ERR(raw_mremap(p, 4 * PAGE, 6 * PAGE, 0, NULL), ENOMEM);
	CHECK_EQ(p[3 * PAGE], 'b');
	q = (char *)OK(raw_mremap(p, 4 * PAGE, 6 * PAGE, MREMAP_MAYMOVE, NULL));
	CHECK(q != p);
	CHECK_EQ(q[0], 'a');
	CHECK_EQ(q[2 * PAGE - 1], 'a');
	CHECK_EQ(q[3 * PAGE], 'b');
	CHECK_EQ(q[5 * PAGE], 0);
	CHECK(!mapped(p, PAGE));
	CHECK(mapped(p + 4 * PAGE, PAGE));
	/* Only the pages touched are there: moving copied nothing. */
	q[5 * PAGE] = 'c';
	CHECK(mapped(q, 6 * PAGE));
}

static void t_mremap_shrink(void)
{
	char *p = map_anon(4 * PAGE);

	memset(p, 'x', 4 * PAGE);
	CHECK(raw_mremap(p, 4 * PAGE, PAGE + 1, 0, NULL) == (long)p);
	CHECK(mapped(p, 2 * PAGE));
	CHECK(!mapped(p + 2 * PAGE, PAGE));
	CHECK(!mapped(p + 3 * PAGE, PAGE));
	CHECK_EQ(p[2 * PAGE - 1], 'x');
	/* Shrinking may cut across several mappings, as munmap does. */
	OK(mmap(p + 2 * PAGE, PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
	CHECK(raw_mremap(p, 3 * PAGE, PAGE, 0, NULL) == (long)p);
	CHECK(!mapped(p + PAGE, PAGE));
	CHECK(!mapped(p + 2 * PAGE, PAGE));
	/* Same size: nothing happens. */
	CHECK(raw_mremap(p, PAGE, PAGE, 0, NULL) == (long)p);
}

static void t_mremap_fixed(void)
{
	char *p = map_anon(2 * PAGE), *t = map_anon(3 * PAGE);

	p[0] = 'p';
	p[PAGE] = 'q';
	t[0] = 't';
	/* The target's old mapping is replaced. */
	CHECK(raw_mremap(p, 2 * PAGE, 3 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, t) == (long)t);
	CHECK_EQ(t[0], 'p');
	CHECK_EQ(t[PAGE], 'q');
	CHECK_EQ(t[2 * PAGE], 0);
	CHECK(!mapped(p, PAGE));
	/* Moving and shrinking at once. */
	CHECK(raw_mremap(t, 3 * PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, p) == (long)p);
	CHECK_EQ(p[0], 'p');
	CHECK(!mapped(t, PAGE));
	CHECK(!mapped(p + PAGE, PAGE));
	/* Errors. */
	CHECK_ERR(raw_mremap(p, PAGE, PAGE, MREMAP_FIXED, t), EINVAL);
	CHECK_ERR(raw_mremap(p, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, t + 1), EINVAL);
	CHECK_ERR(raw_mremap(p, PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, p), EINVAL);
	CHECK_ERR(raw_mremap(p, PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, p - PAGE), EINVAL);
	CHECK_ERR(raw_mremap(p, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)(0x800000000000UL - PAGE / 2)), EINVAL);
	CHECK_EQ(p[0], 'p');
}

static void t_mremap_errors(void)
{
	char *p = map_anon(2 * PAGE), *q;

	CHECK_ERR(raw_mremap(p + 1, PAGE, PAGE, 0, NULL), EINVAL);
	CHECK_ERR(raw_mremap(p, PAGE, PAGE, 8, NULL), EINVAL);
	CHECK_ERR(raw_mremap(p, PAGE, 0, MREMAP_MAYMOVE, NULL), EINVAL);
	CHECK_ERR(raw_mremap(p, PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL), EINVAL);
	CHECK_ERR(raw_mremap(p, PAGE, PAGE, MREMAP_DONTUNMAP, NULL), EINVAL);
	/* Duplicating private memory (old length 0) makes no sense. */
	CHECK_ERR(raw_mremap(p, 0, PAGE, MREMAP_MAYMOVE, NULL), EINVAL);
	/* Not mapped. */
	OK(munmap(p + PAGE, PAGE));
	CHECK_ERR(raw_mremap(p + PAGE, PAGE, 2 * PAGE, MREMAP_MAYMOVE, NULL), EFAULT);
	/* The old range runs past its mapping: into a hole, or into the next mapping. */
	CHECK_ERR(raw_mremap(p, 2 * PAGE, 3 * PAGE, MREMAP_MAYMOVE, NULL), EFAULT);
	q = (char *)OK(mmap(p + PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
	CHECK_ERR(raw_mremap(p, 2 * PAGE, 3 * PAGE, MREMAP_MAYMOVE, NULL), EFAULT);
	CHECK(mapped(p, PAGE) && mapped(q, PAGE));
	/* Larger than the address space. */
	CHECK_ERR(raw_mremap(p, PAGE, 1UL << 50, MREMAP_MAYMOVE, NULL), ENOMEM);
}

static void t_mremap_dontunmap(void)
{
	char *p = map_anon(2 * PAGE), *q;

	memset(p, 'd', 2 * PAGE);
	q = (char *)OK(raw_mremap(p, 2 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL));
	CHECK(q != p);
	CHECK_EQ(q[0], 'd');
	CHECK_EQ(q[2 * PAGE - 1], 'd');
	/* The old range stays mapped, and empty. */
	CHECK(mapped(p, 2 * PAGE));
	CHECK_EQ(p[0], 0);
}

static void t_mremap_shared(void)
{
	volatile char *p = (char *)OK(mmap(NULL, 2 * PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
	volatile char *q, *dup;
	int go[2], fd;
	char c, buf[8];
	pid_t pid;

	p[0] = 1;
	OK(pipe(go));
	pid = xfork();
	if (pid == 0) {
		if (read(go[0], &c, 1) != 1)
			_exit(2);
		_exit(p[0] == 7 && p[PAGE] == 8 ? 0 : 1);
	}
	/* Moved, the pages stay the ones the child sees. */
	q = (char *)OK(raw_mremap((void *)p, 2 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED,
				  map_anon(2 * PAGE)));
	CHECK_EQ(q[0], 1);
	q[0] = 7;
	q[PAGE] = 8;
	/* A second mapping of the same pages (old length 0). */
	dup = (char *)OK(raw_mremap((void *)q, 0, PAGE, MREMAP_MAYMOVE, NULL));
	CHECK(dup != q);
	CHECK_EQ(dup[0], 7);
	dup[1] = 9;
	CHECK_EQ(q[1], 9);
	OK(write(go[1], "x", 1));
	expect_exit(xwait(pid), 0);

	/* A file: moved and grown, still the file's pages. */
	fd = OK(open("f", O_RDWR | O_CREAT, 0600));
	OK(ftruncate(fd, 3 * PAGE));
	p = (char *)OK(mmap(NULL, PAGE, RW, MAP_SHARED, fd, PAGE));
	p[0] = 'f';
	q = (char *)OK(raw_mremap((void *)p, PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED,
				  map_anon(2 * PAGE)));
	CHECK_EQ(q[0], 'f');
	q[PAGE] = 'g';
	CHECK_EQ(pread(fd, buf, 1, 2 * PAGE), 1);
	CHECK_EQ(buf[0], 'g');
	CHECK_EQ(pwrite(fd, "h", 1, PAGE + 1), 1);
	CHECK_EQ(q[1], 'h');
}

/* ------------------------------------------------------------ mlock */

static void t_mlock(void)
{
	char *p = map_anon(8 * PAGE);
	long rss = status_kb("VmRSS:");
	pid_t pid;

	CHECK_EQ(status_kb("VmLck:"), 0);
	/* Unaligned: the pages the range touches. */
	OK(mlock(p + 10, 2 * PAGE));
	CHECK_EQ(status_kb("VmLck:"), 12);
	CHECK(status_kb("VmRSS:") >= rss + 12);
	/* Locked on fault: counted, not faulted in. */
	rss = status_kb("VmRSS:");
	OK(syscall(SYS_mlock2, p + 4 * PAGE, 2 * PAGE, MLOCK_ONFAULT));
	CHECK_EQ(status_kb("VmLck:"), 20);
	CHECK(status_kb("VmRSS:") < rss + 8);
	/* Not inherited. */
	pid = xfork();
	if (pid == 0)
		_exit(status_kb("VmLck:") == 0 ? 0 : 1);
	expect_exit(xwait(pid), 0);
	OK(munlock(p, PAGE));
	CHECK_EQ(status_kb("VmLck:"), 16);
	/* munmap takes its part of the lock with it. */
	OK(munmap(p + PAGE, PAGE));
	CHECK_EQ(status_kb("VmLck:"), 12);
	/* Errors: holes, flags. */
	CHECK_ERR(mlock(p, 3 * PAGE), ENOMEM);
	CHECK_ERR(munlock(p, 3 * PAGE), ENOMEM);
	CHECK_ERR(syscall(SYS_mlock2, p, PAGE, 2), EINVAL);
	OK(mlock(p, 0));
	OK(munlock(p + 2 * PAGE, 6 * PAGE));
	CHECK_EQ(status_kb("VmLck:"), 0);
	/* A locked area that grows stays locked. */
	OK(mlock(p + 7 * PAGE, PAGE));
	p = (char *)OK(raw_mremap(p + 7 * PAGE, PAGE, 3 * PAGE, MREMAP_MAYMOVE, NULL));
	CHECK_EQ(status_kb("VmLck:"), 12);
}

static void t_mlock_rlimit(void)
{
	struct rlimit rl = { 2 * PAGE, 2 * PAGE };
	char *p = map_anon(4 * PAGE);

	/* Linux's default: 8 MiB. */
	OK(getrlimit(RLIMIT_MEMLOCK, &rl));
	CHECK_EQ(rl.rlim_cur, 8 << 20);
	/* Root may lock past the limit. */
	rl.rlim_cur = rl.rlim_max = 2 * PAGE;
	OK(setrlimit(RLIMIT_MEMLOCK, &rl));
	OK(mlock(p, 4 * PAGE));
	OK(munlock(p, 4 * PAGE));
	become(NOBODY, NOGROUP);
	CHECK_ERR(mlock(p, 3 * PAGE), ENOMEM);
	OK(mlock(p, 2 * PAGE));
	OK(mlock(p, 2 * PAGE)); /* locking again costs nothing */
	CHECK_ERR(mlock(p + 2 * PAGE, PAGE), ENOMEM);
	CHECK_ERR(mmap(NULL, PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0), EAGAIN);
	CHECK_ERR(mlockall(MCL_CURRENT), ENOMEM);
	OK(munlock(p, 4 * PAGE));
	rl.rlim_cur = 0;
	OK(setrlimit(RLIMIT_MEMLOCK, &rl));
	CHECK_ERR(mlock(p, PAGE), EPERM);
	CHECK_ERR(mlockall(MCL_FUTURE), EPERM);
	/* (musl's mmap() turns this EPERM into ENOMEM: ask the kernel itself.) */
	CHECK_ERR(syscall(SYS_mmap, NULL, PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0), EPERM);
	OK(munlock(p, PAGE));
}

static void t_mlockall(void)
{
	char *p;
	long rss;

	CHECK_ERR(mlockall(0), EINVAL);
	CHECK_ERR(mlockall(MCL_ONFAULT), EINVAL);
	CHECK_ERR(mlockall(8), EINVAL);
	OK(mlockall(MCL_CURRENT));
	CHECK(status_kb("VmLck:") > 0);
	CHECK_EQ(status_kb("VmLck:"), status_kb("VmSize:"));
	OK(munlockall());
	CHECK_EQ(status_kb("VmLck:"), 0);
	/* Future mappings come locked and faulted in. */
	OK(mlockall(MCL_FUTURE));
	rss = status_kb("VmRSS:");
	p = map_anon(4 * PAGE);
	CHECK_EQ(status_kb("VmLck:"), 16);
	CHECK(status_kb("VmRSS:") >= rss + 16);
	OK(munlockall());
	CHECK_EQ(status_kb("VmLck:"), 0);
	p = map_anon(PAGE);
	CHECK_EQ(status_kb("VmLck:"), 0);
	(void)p;
}

/* ------------------------------------------------------------ mmap flags */

static void t_mmap_flags(void)
{
	long rss = status_kb("VmRSS:");
	char *p, *q;
	int fd;

	/* MAP_POPULATE faults the pages in at once, file or not. */
	p = (char *)OK(mmap(NULL, 8 * PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0));
	CHECK(status_kb("VmRSS:") >= rss + 32);
	CHECK_EQ(p[0], 0);
	fd = OK(open("f", O_RDWR | O_CREAT, 0600));
	OK(ftruncate(fd, 4 * PAGE));
	rss = status_kb("VmRSS:");
	q = (char *)OK(mmap(NULL, 4 * PAGE, RW, MAP_SHARED | MAP_POPULATE, fd, 0));
	CHECK(status_kb("VmRSS:") >= rss + 16);
	/* MAP_LOCKED: locked and there. */
	q = (char *)OK(mmap(NULL, 2 * PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0));
	CHECK_EQ(status_kb("VmLck:"), 8);
	/* MAP_FIXED_NOREPLACE refuses to cover anything, and works where nothing is. */
	CHECK_ERR(mmap(p + PAGE, PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0), EEXIST);
	OK(munmap(p + 7 * PAGE, PAGE));
	CHECK_ERR(mmap(p + 6 * PAGE, 2 * PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0), EEXIST);
	CHECK(OK(mmap(p + 7 * PAGE, PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0)) == (long)(p + 7 * PAGE));
	/* Accepted and harmless. */
	q = (char *)OK(mmap(NULL, PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0));
	q[0] = 1;
	q = (char *)OK(mmap(NULL, PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0));
	q[0] = 1;
	q = (char *)OK(mmap(NULL, 2 * PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0));
	q[PAGE] = 1;
}

/* ------------------------------------------------------------ /proc/self/maps */

struct maps_line {
	unsigned long start, end, off, ino;
	char perms[5];
	char path[256];
};

/* The line of /proc/self/maps whose range holds addr; fails if none. */
static void maps_find(void *addr, struct maps_line *out)
{
	static char buf[16384];
	char *line;

	read_file("/proc/self/maps", buf, sizeof(buf));
	for (line = buf; *line; line = strchr(line, '\n') + 1) {
		unsigned int maj, min;
		int n = 0;

		if (sscanf(line, "%lx-%lx %4s %lx %x:%x %lu %n", &out->start, &out->end, out->perms,
			   &out->off, &maj, &min, &out->ino, &n) != 7)
			fail("bad maps line: %.80s", line);
		if (out->start <= (unsigned long)addr && (unsigned long)addr < out->end) {
			char *nl = strchr(line, '\n');
			size_t len = nl - line;

			/* The name starts at column 74, after the padding. */
			out->path[0] = '\0';
			if (len > 73) {
				CHECK_EQ(line[72], ' ');
				snprintf(out->path, sizeof(out->path), "%.*s", (int)(len - 73), line + 73);
			} else {
				CHECK_EQ(line[len - 1], ' ');
			}
			return;
		}
		if (!strchr(line, '\n'))
			break;
	}
	fail("no line for %p in /proc/self/maps", addr);
}

static void t_proc_maps(void)
{
	struct maps_line l;
	char cwd[200], path[256], buf[4096];
	struct stat st;
	char *p;
	int fd, pfd[2];
	pid_t pid;
	size_t n;

	OK((long)getcwd(cwd, sizeof(cwd)));
	snprintf(path, sizeof(path), "%s/mapped", cwd);
	fd = OK(open(path, O_RDWR | O_CREAT, 0600));
	OK(ftruncate(fd, 3 * PAGE));
	OK(fstat(fd, &st));
	p = (char *)OK(mmap(NULL, 2 * PAGE, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, PAGE));
	maps_find(p, &l);
	CHECK_EQ(l.start, (unsigned long)p);
	CHECK_EQ(l.end, (unsigned long)p + 2 * PAGE);
	CHECK_STR(l.perms, "r-xp");
	CHECK_EQ(l.off, PAGE);
	CHECK_EQ(l.ino, st.st_ino);
	CHECK_STR(l.path, path);
	p = (char *)OK(mmap(NULL, PAGE, RW, MAP_SHARED, fd, 0));
	maps_find(p, &l);
	CHECK_STR(l.perms, "rw-s");
	CHECK_STR(l.path, path);
	OK(unlink(path));
	maps_find(p, &l);
	/* The name is not kept once the file is gone: Linux would write "PATH (deleted)". */
	CHECK(strstr(l.path, "(deleted)") != NULL && !strstr(l.path, "/dev/zero"));
	p = (char *)OK(mmap(NULL, PAGE, PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	maps_find(p, &l);
	CHECK_STR(l.perms, "-w-p");
	CHECK_EQ(l.off, 0);
	CHECK_EQ(l.ino, 0);
	CHECK_STR(l.path, "");
	p = (char *)OK(mmap(NULL, PAGE, PROT_NONE, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
	maps_find(p, &l);
	CHECK_STR(l.perms, "---s");
	CHECK_STR(l.path, "/dev/zero (deleted)");
	/* The heap and the stack are named. */
	/* (musl's sbrk() only reads the break.) */
	p = (char *)syscall(SYS_brk, 0);
	CHECK(syscall(SYS_brk, p + PAGE) == (long)(p + PAGE));
	read_file("/proc/self/maps", buf, sizeof(buf));
	CHECK(strstr(buf, "[heap]\n") != NULL);
	CHECK(strstr(buf, "[stack]\n") != NULL);
	/* This program's code: its own file, by path. */
	maps_find((void *)t_proc_maps, &l);
	CHECK(strchr(l.perms, 'x') != NULL);
	OK(stat(l.path, &st));
	CHECK_EQ(st.st_ino, l.ino);

	/* busybox cat reads it too. */
	OK(pipe(pfd));
	pid = xfork();
	if (pid == 0) {
		dup2(pfd[1], 1);
		execl("/bin/cat", "cat", "/proc/self/maps", (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	n = 0;
	for (ssize_t r; (r = read(pfd[0], buf + n, sizeof(buf) - 1 - n)) > 0;)
		n += r;
	buf[n] = '\0';
	expect_exit(xwait(pid), 0);
	CHECK(strstr(buf, "[stack]\n") != NULL);
	CHECK(strstr(buf, "busybox") != NULL);
}

/* ------------------------------------------------------------ /dev/shm */

static void t_shm_open(void)
{
	struct statfs sfs;
	struct stat st;
	volatile int *p;
	pid_t pid;
	int fd;

	OK(stat("/dev/shm", &st));
	CHECK_EQ(st.st_mode, S_IFDIR | 01777);
	OK(statfs("/dev/shm", &sfs));
	CHECK_EQ(sfs.f_type, 0x01021994); /* TMPFS_MAGIC */
	/* A mount of its own, as Linux's: /dev itself says neither. */
	CHECK_EQ(sfs.f_flags & (ST_NOSUID | ST_NODEV), ST_NOSUID | ST_NODEV);
	shm_unlink("/utest-shm");
	fd = OK(shm_open("/utest-shm", O_RDWR | O_CREAT | O_EXCL, 0600));
	OK(ftruncate(fd, PAGE));
	p = (int *)OK(mmap(NULL, PAGE, RW, MAP_SHARED, fd, 0));
	close(fd);
	pid = xfork();
	if (pid == 0) {
		/* Another process, its own mapping of the object. */
		int cfd = shm_open("/utest-shm", O_RDWR, 0);
		volatile int *c;

		if (cfd < 0)
			_exit(2);
		c = mmap(NULL, PAGE, RW, MAP_SHARED, cfd, 0);
		if (c == MAP_FAILED)
			_exit(3);
		c[10] = 4242;
		_exit(0);
	}
	expect_exit(xwait(pid), 0);
	CHECK_EQ(p[10], 4242);
	OK(shm_unlink("/utest-shm"));
	CHECK_ERR(shm_open("/utest-shm", O_RDWR, 0), ENOENT);
}

const struct utest mm2_tests[] = {
	{ "mremap_grow", t_mremap_grow },
	{ "mremap_shrink", t_mremap_shrink },
	{ "mremap_fixed", t_mremap_fixed },
	{ "mremap_errors", t_mremap_errors },
	{ "mremap_dontunmap", t_mremap_dontunmap },
	{ "mremap_shared", t_mremap_shared },
	{ "mlock", t_mlock },
	{ "mlock_rlimit", t_mlock_rlimit },
	{ "mlockall", t_mlockall },
	{ "mmap_flags", t_mmap_flags },
	{ "proc_maps", t_proc_maps },
	{ "shm_open", t_shm_open },
	{ NULL, NULL },
};
