/*
 * calltrace.so: an LD_PRELOAD library that logs what a dynamically linked
 * glibc program asks of the kernel through its libraries: open, openat,
 * ioctl, file mmap, socket, connect, bind and setsockopt, each with its result and
 * errno. The kernel has no ptrace, so strace cannot run; this sees the
 * calls that Xen's libraries (libxencall, libxengnttab, libxenevtchn,
 * libxenstore, ...) make through glibc's exported functions, which is
 * where the device files and their ioctls are. Calls glibc makes inside
 * itself (fopen, for one) are not seen.
 *
 * The dom0 initramfs has it as /usr/lib/calltrace.so; user/dom0/rcS runs
 * the Xen daemons under it when the kernel command line says dom0.trace.
 * Lines go to the file named by CALLTRACE (appended), else to stderr:
 *   calltrace: 123 xenstored: ioctl(4 /dev/xen/privcmd, 0x305000 'P' 0 size 40) = -1 ENOTTY
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

static int log_fd = -1;

static void say(const char *fmt, ...)
{
	char buf[512];
	int n, saved = errno;
	va_list ap;

	if (log_fd < 0) {
		const char *path = getenv("CALLTRACE");

		/* Past our own open(): the system call itself. */
		log_fd = path ? (int)syscall(SYS_openat, AT_FDCWD, path,
					     O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644) :
				-1;
		if (log_fd < 0)
			log_fd = 2;
	}
	n = snprintf(buf, sizeof(buf), "calltrace: %d %s: ", getpid(), program_invocation_short_name);
	va_start(ap, fmt);
	n += vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	if (write(log_fd, buf, n) < 0) {
		/* nowhere else to say it */
	}
	errno = saved;
}

/* "= 3" or "= -1 ENOENT (No such file or directory)"; errno is kept. */
static const char *result(long r, int err, char *buf, size_t n)
{
	if (r == -1)
		snprintf(buf, n, "-1 %s (%s)", strerrorname_np(err) ? strerrorname_np(err) : "?",
			 strerror(err));
	else
		snprintf(buf, n, "%ld", r);
	return buf;
}

/* What descriptor fd is, as /proc/self/fd/N says. */
static const char *fd_name(int fd, char *buf, size_t n)
{
	char link[64];
	ssize_t len;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	len = readlink(link, buf, n - 1);
	buf[len < 0 ? 0 : len] = '\0';
	return buf;
}

#define REAL(ret, name, ...)                    \
	static ret (*real_##name)(__VA_ARGS__); \
	if (!real_##name)                       \
	real_##name = (ret(*)(__VA_ARGS__))dlsym(RTLD_NEXT, #name)

int open(const char *path, int flags, ...)
{
	char r[96];
	mode_t mode = 0;
	va_list ap;
	int fd, err;

	REAL(int, open, const char *, int, ...);
	va_start(ap, flags);
	if (flags & (O_CREAT | O_TMPFILE))
		mode = va_arg(ap, mode_t);
	va_end(ap);
	fd = real_open(path, flags, mode);
	err = errno;
	say("open(\"%s\", %#x) = %s", path, flags, result(fd, err, r, sizeof(r)));
	errno = err;
	return fd;
}
int open64(const char *path, int flags, ...) __attribute__((alias("open")));

int openat(int dirfd, const char *path, int flags, ...)
{
	char r[96];
	mode_t mode = 0;
	va_list ap;
	int fd, err;

	REAL(int, openat, int, const char *, int, ...);
	va_start(ap, flags);
	if (flags & (O_CREAT | O_TMPFILE))
		mode = va_arg(ap, mode_t);
	va_end(ap);
	fd = real_openat(dirfd, path, flags, mode);
	err = errno;
	say("openat(%d, \"%s\", %#x) = %s", dirfd, path, flags, result(fd, err, r, sizeof(r)));
	errno = err;
	return fd;
}
int openat64(int dirfd, const char *path, int flags, ...) __attribute__((alias("openat")));

int ioctl(int fd, unsigned long cmd, ...)
{
	char r[96], name[128];
	va_list ap;
	void *arg;
	int ret, err;

	REAL(int, ioctl, int, unsigned long, ...);
	va_start(ap, cmd);
	arg = va_arg(ap, void *);
	va_end(ap);
	ret = real_ioctl(fd, cmd, arg);
	err = errno;
	say("ioctl(%d %s, %#lx '%c' %lu size %lu) = %s", fd, fd_name(fd, name, sizeof(name)), cmd,
	    (int)((cmd >> 8) & 0xff) >= 0x20 && (int)((cmd >> 8) & 0xff) < 0x7f ? (int)((cmd >> 8) & 0xff) : '?',
	    cmd & 0xff, (cmd >> 16) & 0x3fff, result(ret, err, r, sizeof(r)));
	errno = err;
	return ret;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	char r[96], name[128];
	void *p;
	int err;

	REAL(void *, mmap, void *, size_t, int, int, int, off_t);
	p = real_mmap(addr, len, prot, flags, fd, off);
	err = errno;
	if (fd >= 0 || p == MAP_FAILED)
		say("mmap(%p, %zu, prot %#x, flags %#x, %d %s, %#llx) = %s", addr, len, prot, flags, fd,
		    fd >= 0 ? fd_name(fd, name, sizeof(name)) : "", (unsigned long long)off,
		    p == MAP_FAILED ? result(-1, err, r, sizeof(r)) : "ok");
	errno = err;
	return p;
}
void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off) __attribute__((alias("mmap")));

int socket(int domain, int type, int protocol)
{
	char r[96];
	int fd, err;

	REAL(int, socket, int, int, int);
	fd = real_socket(domain, type, protocol);
	err = errno;
	say("socket(%d, %#x, %d) = %s", domain, type, protocol, result(fd, err, r, sizeof(r)));
	errno = err;
	return fd;
}

static const char *sock_name(const struct sockaddr *sa, socklen_t len, char *buf, size_t n)
{
	if (sa && len > sizeof(sa_family_t) && sa->sa_family == AF_UNIX)
		snprintf(buf, n, "unix \"%.*s\"", (int)(len - sizeof(sa_family_t)),
			 ((const struct sockaddr_un *)sa)->sun_path);
	else
		snprintf(buf, n, "family %d", sa ? sa->sa_family : -1);
	return buf;
}

int connect(int fd, const struct sockaddr *sa, socklen_t len)
{
	char r[96], name[128];
	int ret, err;

	REAL(int, connect, int, const struct sockaddr *, socklen_t);
	ret = real_connect(fd, sa, len);
	err = errno;
	say("connect(%d, %s) = %s", fd, sock_name(sa, len, name, sizeof(name)), result(ret, err, r, sizeof(r)));
	errno = err;
	return ret;
}

int bind(int fd, const struct sockaddr *sa, socklen_t len)
{
	char r[96], name[128];
	int ret, err;

	REAL(int, bind, int, const struct sockaddr *, socklen_t);
	ret = real_bind(fd, sa, len);
	err = errno;
	say("bind(%d, %s) = %s", fd, sock_name(sa, len, name, sizeof(name)), result(ret, err, r, sizeof(r)));
	errno = err;
	return ret;
}

int setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
	char r[96];
	int ret, err;

	REAL(int, setsockopt, int, int, int, const void *, socklen_t);
	ret = real_setsockopt(fd, level, name, val, len);
	err = errno;
	say("setsockopt(%d, level %d, name %d, len %u) = %s", fd, level, name, len,
	    result(ret, err, r, sizeof(r)));
	errno = err;
	return ret;
}
