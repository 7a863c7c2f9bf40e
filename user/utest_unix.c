/*
 * AF_UNIX sockets: names in the file system and abstract ones, stream
 * connections with several clients, datagram and seqpacket boundaries,
 * socketpair, shutdown, descriptors and credentials passed in ancillary
 * data, readiness, the errors Linux gives.
 */
#include "utest.h"

#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>

static socklen_t sun_path(struct sockaddr_un *sa, const char *path)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	strcpy(sa->sun_path, path);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
}

/* An abstract name: a NUL, then name; its length has no terminating NUL. */
static socklen_t sun_abstract(struct sockaddr_un *sa, const char *name)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	memcpy(sa->sun_path + 1, name, strlen(name));
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
}

static int listener(const char *path, int type, int backlog)
{
	struct sockaddr_un sa;
	socklen_t len = sun_path(&sa, path);
	int s = (int)OK(socket(AF_UNIX, type, 0));

	OK(bind(s, (struct sockaddr *)&sa, len));
	OK(listen(s, backlog));
	return s;
}

static int connect_to(const char *path, int type)
{
	struct sockaddr_un sa;
	socklen_t len = sun_path(&sa, path);
	int c = (int)OK(socket(AF_UNIX, type, 0));

	OK(connect(c, (struct sockaddr *)&sa, len));
	return c;
}

static void echo_server(int l, int clients)
{
	for (int i = 0; i < clients; i++) {
		int c = accept(l, NULL, NULL);
		char buf[256];
		ssize_t n;

		if (c < 0)
			_exit(2);
		while ((n = read(c, buf, sizeof(buf))) > 0)
			if (write(c, buf, (size_t)n) != n)
				_exit(3);
		close(c);
	}
	_exit(0);
}

static void t_stream_echo(void)
{
	int l = listener("srv", SOCK_STREAM, 8), c[4];
	struct stat st;
	pid_t pid;

	OK(stat("srv", &st));
	CHECK(S_ISSOCK(st.st_mode));
	pid = xfork();
	if (pid == 0)
		echo_server(l, 4);
	/* All four connect before the server reaches them: the backlog holds them. */
	for (int i = 0; i < 4; i++)
		c[i] = connect_to("srv", SOCK_STREAM);
	for (int round = 0; round < 20; round++) {
		char msg[32], got[32];
		int n = snprintf(msg, sizeof(msg), "round %d", round);

		CHECK_EQ(write(c[0], msg, (size_t)n), n);
		CHECK_EQ(read(c[0], got, sizeof(got)), n);
		CHECK(!memcmp(msg, got, (size_t)n));
	}
	for (int i = 0; i < 4; i++) {
		char msg[16], got[16];
		int n = snprintf(msg, sizeof(msg), "bye %d", i);

		CHECK_EQ(write(c[i], msg, (size_t)n), n);
		if (i > 0)
			close(c[i - 1]);
		CHECK_EQ(read(c[i], got, sizeof(got)), n);
		CHECK(!memcmp(msg, got, (size_t)n));
	}
	close(c[3]);
	expect_exit(xwait(pid), 0);
	/* The name stays after close, until unlinked. */
	close(l);
	OK(stat("srv", &st));
	{
		struct sockaddr_un sa;
		socklen_t len = sun_path(&sa, "srv");
		int c2 = (int)OK(socket(AF_UNIX, SOCK_STREAM, 0));

		CHECK_ERR(connect(c2, (struct sockaddr *)&sa, len), ECONNREFUSED);
	}
}

static void t_stream_refused(void)
{
	struct sockaddr_un sa;
	socklen_t len;
	int s = (int)OK(socket(AF_UNIX, SOCK_STREAM, 0)), l;

	len = sun_path(&sa, "none");
	CHECK_ERR(connect(s, (struct sockaddr *)&sa, len), ENOENT);
	l = (int)OK(socket(AF_UNIX, SOCK_STREAM, 0));
	OK(bind(l, (struct sockaddr *)&sa, len));
	CHECK_ERR(connect(s, (struct sockaddr *)&sa, len), ECONNREFUSED); /* not listening */
	OK(listen(l, 0));
	close(l);
	CHECK_ERR(connect(s, (struct sockaddr *)&sa, len), ECONNREFUSED); /* closed */
	/* A datagram socket's name refuses a stream. */
	unlink("none");
	l = (int)OK(socket(AF_UNIX, SOCK_DGRAM, 0));
	OK(bind(l, (struct sockaddr *)&sa, len));
	CHECK_ERR(connect(s, (struct sockaddr *)&sa, len), EPROTOTYPE);
	/* A regular file is no socket. */
	write_file("plain", "x", 1);
	len = sun_path(&sa, "plain");
	CHECK_ERR(connect(s, (struct sockaddr *)&sa, len), ECONNREFUSED);
}

static void t_bind_errors(void)
{
	struct sockaddr_un sa;
	socklen_t len = sun_path(&sa, "b");
	int s = (int)OK(socket(AF_UNIX, SOCK_DGRAM, 0)), t = (int)OK(socket(AF_UNIX, SOCK_DGRAM, 0));

	OK(bind(s, (struct sockaddr *)&sa, len));
	CHECK_ERR(bind(t, (struct sockaddr *)&sa, len), EADDRINUSE);
	len = sun_path(&sa, "b2");
	CHECK_ERR(bind(s, (struct sockaddr *)&sa, len), EINVAL); /* bound already */
	len = sun_path(&sa, "nodir/x");
	CHECK_ERR(bind(t, (struct sockaddr *)&sa, len), ENOENT);
	CHECK_ERR(bind(t, (struct sockaddr *)&sa, sizeof(sa) + 1), EINVAL);
	CHECK_ERR(bind(t, (struct sockaddr *)&sa, 1), EINVAL);
	sa.sun_family = AF_INET;
	CHECK_ERR(bind(t, (struct sockaddr *)&sa, len), EINVAL);
	CHECK_ERR(socket(AF_UNIX, SOCK_RDM, 0), ESOCKTNOSUPPORT);
	CHECK_ERR(socket(AF_UNIX, SOCK_STREAM, 7), EPROTONOSUPPORT);
	CHECK_ERR(listen(t, 1), EOPNOTSUPP);
	s = (int)OK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK_ERR(listen(s, 1), EINVAL); /* not bound */
	CHECK_ERR(accept(s, NULL, NULL), EINVAL);
}

static void t_dgram(void)
{
	struct sockaddr_un a, b, from;
	socklen_t alen = sun_path(&a, "da"), blen = sun_path(&b, "db"), flen = sizeof(from);
	int sa = (int)OK(socket(AF_UNIX, SOCK_DGRAM, 0)), sb = (int)OK(socket(AF_UNIX, SOCK_DGRAM, 0));
	char buf[64];

	OK(bind(sa, (struct sockaddr *)&a, alen));
	OK(bind(sb, (struct sockaddr *)&b, blen));
	CHECK_EQ(sendto(sa, "one", 3, 0, (struct sockaddr *)&b, blen), 3);
	CHECK_EQ(sendto(sa, "second", 6, 0, (struct sockaddr *)&b, blen), 6);
	CHECK_EQ(sendto(sa, "", 0, 0, (struct sockaddr *)&b, blen), 0);
	CHECK_EQ(recvfrom(sb, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen), 3);
	CHECK_EQ(flen, alen);
	CHECK_STR(from.sun_path, "da");
	/* A short buffer cuts the datagram; the rest is gone. MSG_TRUNC gives the whole length. */
	CHECK_EQ(recv(sb, buf, 2, MSG_PEEK | MSG_TRUNC), 6);
	CHECK_EQ(recv(sb, buf, 2, 0), 2);
	CHECK_EQ(recv(sb, buf, sizeof(buf), 0), 0);
	CHECK_ERR(recv(sb, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	/* An unbound sender has no address to show. */
	{
		int u = (int)OK(socket(AF_UNIX, SOCK_DGRAM, 0));
		struct msghdr m = { 0 };
		struct iovec iov = { buf, sizeof(buf) };

		CHECK_EQ(sendto(u, "anon", 4, 0, (struct sockaddr *)&b, blen), 4);
		m.msg_name = &from;
		m.msg_namelen = sizeof(from);
		m.msg_iov = &iov;
		m.msg_iovlen = 1;
		CHECK_EQ(recvmsg(sb, &m, 0), 4);
		CHECK_EQ(m.msg_namelen, 0);
		/* Connected to sb, it takes sb's datagrams; sb takes it from nobody else. */
		OK(connect(u, (struct sockaddr *)&b, blen));
		CHECK_EQ(send(u, "c", 1, 0), 1);
		CHECK_EQ(recv(sb, buf, sizeof(buf), 0), 1);
		close(sb);
		CHECK_ERR(send(u, "c", 1, 0), ECONNREFUSED);
		CHECK_ERR(send(u, "c", 1, 0), ENOTCONN);
	}
}

static void t_seqpacket(void)
{
	int l = listener("sp", SOCK_SEQPACKET, 1), c = connect_to("sp", SOCK_SEQPACKET), s;
	char buf[64];

	s = (int)OK(accept(l, NULL, NULL));
	CHECK_EQ(send(c, "abc", 3, 0), 3);
	CHECK_EQ(send(c, "defgh", 5, 0), 5);
	CHECK_EQ(recv(s, buf, sizeof(buf), 0), 3);
	CHECK_EQ(recv(s, buf, 2, MSG_TRUNC), 5);
	close(c);
	CHECK_EQ(recv(s, buf, sizeof(buf), 0), 0);
	CHECK_ERR(send(s, "x", 1, MSG_NOSIGNAL), EPIPE);
}

static void t_socketpair_types(void)
{
	static const int types[] = { SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET };

	for (int i = 0; i < 3; i++) {
		int sv[2], v;
		socklen_t len = sizeof(v);
		char buf[16];
		struct sockaddr_un sa;
		socklen_t salen = sizeof(sa);
		struct stat st;

		OK(socketpair(AF_UNIX, types[i] | SOCK_CLOEXEC, 0, sv));
		CHECK_EQ(fcntl(sv[0], F_GETFD), FD_CLOEXEC);
		OK(getsockopt(sv[1], SOL_SOCKET, SO_TYPE, &v, &len));
		CHECK_EQ(v, types[i]);
		CHECK_EQ(write(sv[0], "ping", 4), 4);
		CHECK_EQ(write(sv[0], "pong", 4), 4);
		CHECK_EQ(read(sv[1], buf, sizeof(buf)), types[i] == SOCK_STREAM ? 8 : 4);
		CHECK_EQ(write(sv[1], "back", 4), 4);
		CHECK_EQ(read(sv[0], buf, sizeof(buf)), 4);
		OK(getsockname(sv[0], (struct sockaddr *)&sa, &salen));
		CHECK_EQ(salen, sizeof(sa_family_t));
		CHECK_EQ(sa.sun_family, AF_UNIX);
		OK(fstat(sv[0], &st));
		CHECK(S_ISSOCK(st.st_mode));
		close(sv[0]);
		close(sv[1]);
	}
	CHECK_ERR(socketpair(AF_INET, SOCK_DGRAM, 0, (int[2]){ 0 }), EOPNOTSUPP);
}

static void t_names(void)
{
	struct sockaddr_un sa, got;
	socklen_t len = sun_abstract(&sa, "utest-abs"), glen = sizeof(got);
	int l = (int)OK(socket(AF_UNIX, SOCK_STREAM, 0)), c, s, t;

	OK(bind(l, (struct sockaddr *)&sa, len));
	OK(getsockname(l, (struct sockaddr *)&got, &glen));
	CHECK_EQ(glen, len);
	CHECK(!memcmp(&got, &sa, len));
	t = (int)OK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK_ERR(bind(t, (struct sockaddr *)&sa, len), EADDRINUSE);
	OK(listen(l, 4));
	c = (int)OK(socket(AF_UNIX, SOCK_STREAM, 0));
	OK(connect(c, (struct sockaddr *)&sa, len));
	glen = sizeof(got);
	s = (int)OK(accept4(l, (struct sockaddr *)&got, &glen, SOCK_NONBLOCK));
	CHECK_EQ(glen, sizeof(sa_family_t)); /* the client is unbound */
	CHECK(fcntl(s, F_GETFL) & O_NONBLOCK);
	glen = sizeof(got);
	OK(getpeername(c, (struct sockaddr *)&got, &glen));
	CHECK_EQ(glen, len);
	CHECK(!memcmp(&got, &sa, len));
	CHECK_ERR(getpeername(l, (struct sockaddr *)&got, &glen), ENOTCONN);
	/* Autobind: a NUL and five hex digits. */
	OK(bind(t, (struct sockaddr *)&sa, sizeof(sa_family_t)));
	glen = sizeof(got);
	OK(getsockname(t, (struct sockaddr *)&got, &glen));
	CHECK_EQ(glen, sizeof(sa_family_t) + 6);
	CHECK_EQ(got.sun_path[0], 0);
	for (int i = 1; i < 6; i++)
		CHECK(strchr("0123456789abcdef", got.sun_path[i]) && got.sun_path[i]);
	/* A path name reads back with its NUL. */
	len = sun_path(&sa, "named");
	t = (int)OK(socket(AF_UNIX, SOCK_DGRAM, 0));
	OK(bind(t, (struct sockaddr *)&sa, len - 1)); /* no NUL given */
	glen = sizeof(got);
	OK(getsockname(t, (struct sockaddr *)&got, &glen));
	CHECK_EQ(glen, len);
	CHECK_STR(got.sun_path, "named");
}

static void t_pipe_shutdown(void)
{
	int sv[2], status;
	char buf[8];
	struct pollfd p;
	pid_t pid;

	OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	OK(shutdown(sv[0], SHUT_WR));
	CHECK_ERR(send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
	CHECK_EQ(read(sv[1], buf, sizeof(buf)), 0);
	p = (struct pollfd){ sv[1], POLLIN | POLLRDHUP | POLLOUT, 0 };
	CHECK_EQ(poll(&p, 1, 0), 1);
	CHECK_EQ(p.revents, POLLIN | POLLRDHUP | POLLOUT);
	CHECK_EQ(write(sv[1], "ok", 2), 2); /* the other way still works */
	CHECK_EQ(read(sv[0], buf, sizeof(buf)), 2);
	CHECK_ERR(shutdown(sv[0], 7), EINVAL);
	close(sv[1]);
	p = (struct pollfd){ sv[0], POLLIN | POLLOUT, 0 };
	CHECK_EQ(poll(&p, 1, 0), 1);
	CHECK(p.revents & POLLHUP);
	/* Writing to a closed peer: SIGPIPE, or EPIPE with it ignored or MSG_NOSIGNAL. */
	pid = xfork();
	if (pid == 0) {
		write(sv[0], "x", 1);
		_exit(0);
	}
	status = xwait(pid);
	expect_signal(status, SIGPIPE);
	CHECK_ERR(send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
	/* Unread data at close: the peer's read says ECONNRESET, then end of file. */
	OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK_EQ(write(sv[1], "unread", 6), 6);
	close(sv[1]);
	CHECK_EQ(read(sv[0], buf, sizeof(buf)), 6);
	CHECK_EQ(read(sv[0], buf, sizeof(buf)), 0);
	OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK_EQ(write(sv[0], "unread", 6), 6);
	close(sv[1]);
	CHECK_ERR(read(sv[0], buf, sizeof(buf)), ECONNRESET);
	CHECK_EQ(read(sv[0], buf, sizeof(buf)), 0);
}

static void t_nonblock_full(void)
{
	int sv[2], v = 4096, n = 0;
	char buf[1024] = { 0 };
	struct pollfd p;
	ssize_t r;

	OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv));
	OK(setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, sizeof(v)));
	CHECK_ERR(read(sv[1], buf, sizeof(buf)), EAGAIN);
	p = (struct pollfd){ sv[1], POLLIN, 0 };
	CHECK_EQ(poll(&p, 1, 0), 0);
	while ((r = write(sv[0], buf, sizeof(buf))) > 0)
		n += (int)r;
	CHECK_EQ(errno, EAGAIN);
	CHECK(n > 0 && n < 64 * 1024);
	p = (struct pollfd){ sv[0], POLLOUT, 0 };
	CHECK_EQ(poll(&p, 1, 0), 0);
	OK(ioctl(sv[1], FIONREAD, &v));
	CHECK_EQ(v, n);
	while (n > 0)
		n -= (int)OK(read(sv[1], buf, sizeof(buf)));
	CHECK_EQ(poll(&p, 1, 0), 1);
	CHECK_EQ(p.revents, POLLOUT);
	/* Stream data is never lost: big writes and reads, byte for byte. */
	{
		static unsigned char big[200000], back[200000];
		size_t in = 0, out = 0;

		for (size_t i = 0; i < sizeof(big); i++)
			big[i] = (unsigned char)(i * 7 + i / 251);
		while (out < sizeof(back)) {
			if (in < sizeof(big)) {
				r = write(sv[0], big + in, sizeof(big) - in);
				if (r > 0)
					in += (size_t)r;
			}
			r = read(sv[1], back + out, 3000);
			if (r > 0)
				out += (size_t)r;
		}
		CHECK(!memcmp(big, back, sizeof(big)));
	}
}

static void send_fds(int s, const int *fds, int n, const char *data)
{
	char cbuf[CMSG_SPACE(sizeof(int) * 253)];
	struct iovec iov = { (void *)data, strlen(data) };
	struct msghdr m = { 0 };
	struct cmsghdr *c;

	memset(cbuf, 0, sizeof(cbuf));
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = cbuf;
	m.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)n);
	c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)n);
	memcpy(CMSG_DATA(c), fds, sizeof(int) * (size_t)n);
	/* The system call itself: musl's sendmsg refuses more than 1024 bytes of control data. */
	if (syscall(SYS_sendmsg, s, &m, 0) != (long)strlen(data))
		fail("sendmsg of %d descriptors: %s", n, errname(errno));
}

/* Receives up to max descriptors into fds (room for room of them); the count. */
static int recv_fds(int s, int *fds, int room, int flags, int *msg_flags)
{
	char cbuf[CMSG_SPACE(sizeof(int) * 253)], data[16];
	struct iovec iov = { data, sizeof(data) };
	struct msghdr m = { 0 };
	struct cmsghdr *c;
	int n = 0;

	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = room ? cbuf : NULL;
	m.msg_controllen = room ? CMSG_SPACE(sizeof(int) * (size_t)room) : 0;
	OK(recvmsg(s, &m, flags));
	*msg_flags = m.msg_flags;
	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			int k = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));

			memcpy(fds + n, CMSG_DATA(c), sizeof(int) * (size_t)k);
			n += k;
		}
	return n;
}

static void t_scm_rights(void)
{
	int sv[2], p[2], got[253], fl, many[253];
	char buf[8];
	pid_t pid;

	OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	OK(pipe(p));
	pid = xfork();
	if (pid == 0) {
		/* The child gets the write end through the socket and writes into the pipe. */
		int n = recv_fds(sv[1], got, 4, MSG_CMSG_CLOEXEC, &fl);

		if (n != 1)
			_exit(10 + n);
		if (fl != 0)
			_exit(4);
		if (fcntl(got[0], F_GETFD) != FD_CLOEXEC)
			_exit(5);
		if (write(got[0], "via", 3) != 3)
			_exit(3);
		_exit(0);
	}
	send_fds(sv[0], &p[1], 1, "fd");
	close(p[1]);
	expect_exit(xwait(pid), 0);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 3);
	CHECK(!memcmp(buf, "via", 3));
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 0); /* every write end is gone */
	/* Several descriptors, then too little room: MSG_CTRUNC, the rest closed. */
	for (int i = 0; i < 253; i++)
		many[i] = p[0];
	send_fds(sv[0], many, 253, "m");
	CHECK_EQ(recv_fds(sv[1], got, 253, 0, &fl), 253);
	CHECK_EQ(fl, 0);
	for (int i = 0; i < 253; i++)
		close(got[i]);
	send_fds(sv[0], many, 3, "m");
	/* Room for one is room for two: CMSG_SPACE pads to 8 bytes, as Linux counts. */
	CHECK_EQ(recv_fds(sv[1], got, 1, 0, &fl), 2);
	CHECK_EQ(fl, MSG_CTRUNC);
	close(got[0]);
	close(got[1]);
	send_fds(sv[0], many, 3, "m");
	CHECK_EQ(recv_fds(sv[1], got, 0, 0, &fl), 0);
	CHECK_EQ(fl, MSG_CTRUNC);
	/* Bad descriptors are refused. */
	{
		int bad = 999;
		char cbuf[CMSG_SPACE(sizeof(int))];
		struct iovec iov = { "b", 1 };
		struct msghdr m = { 0 };
		struct cmsghdr *c;

		m.msg_iov = &iov;
		m.msg_iovlen = 1;
		m.msg_control = cbuf;
		m.msg_controllen = sizeof(cbuf);
		c = CMSG_FIRSTHDR(&m);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &bad, sizeof(bad));
		CHECK_ERR(sendmsg(sv[0], &m, 0), EBADF);
	}
}

/* Descriptors in flight go with the socket that never read them: nothing leaks. */
static void t_inflight_no_leak(void)
{
	int p[2], sv[2];
	char buf[4];

	OK(pipe(p));
	for (int i = 0; i < 2000; i++) {
		OK(socketpair(AF_UNIX, i & 1 ? SOCK_DGRAM : SOCK_STREAM, 0, sv));
		send_fds(sv[0], &p[1], 1, "x");
		close(sv[0]);
		close(sv[1]);
	}
	close(p[1]);
	/* Had any copy of the write end survived, this read would block. */
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 0);
}

static void t_credentials(void)
{
	int l = listener("cred", SOCK_STREAM, 2), s, one = 1;
	struct ucred uc;
	socklen_t len = sizeof(uc);
	pid_t pid;

	OK(chmod("cred", 0777));
	pid = xfork();
	if (pid == 0) {
		int c;

		become(NOBODY, NOGROUP);
		c = connect_to("cred", SOCK_STREAM);
		if (write(c, "x", 1) != 1)
			_exit(2);
		read(c, &one, 1);
		_exit(0);
	}
	s = (int)OK(accept(l, NULL, NULL));
	OK(getsockopt(s, SOL_SOCKET, SO_PEERCRED, &uc, &len));
	CHECK_EQ(len, sizeof(uc));
	CHECK_EQ(uc.pid, pid);
	CHECK_EQ(uc.uid, NOBODY);
	CHECK_EQ(uc.gid, NOGROUP);
	close(s);
	expect_exit(xwait(pid), 0);
	/* Without write permission on the name, connect says EACCES. */
	OK(chmod("cred", 0755));
	pid = xfork();
	if (pid == 0) {
		int c = (int)OK(socket(AF_UNIX, SOCK_STREAM, 0));
		struct sockaddr_un sa;
		socklen_t slen = sun_path(&sa, "cred");

		become(NOBODY, NOGROUP);
		CHECK_ERR(connect(c, (struct sockaddr *)&sa, slen), EACCES);
		_exit(0);
	}
	expect_exit(xwait(pid), 0);
	/* SO_PASSCRED: each message says who sent it; a false claim is EPERM for a user. */
	{
		int sv[2];
		char cbuf[CMSG_SPACE(sizeof(struct ucred))], data[4];
		struct iovec iov = { data, sizeof(data) };
		struct msghdr m = { 0 };
		struct cmsghdr *c;

		OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
		OK(setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)));
		CHECK_EQ(send(sv[0], "c", 1, 0), 1);
		m.msg_iov = &iov;
		m.msg_iovlen = 1;
		m.msg_control = cbuf;
		m.msg_controllen = sizeof(cbuf);
		CHECK_EQ(recvmsg(sv[1], &m, 0), 1);
		c = CMSG_FIRSTHDR(&m);
		CHECK(c && c->cmsg_type == SCM_CREDENTIALS);
		memcpy(&uc, CMSG_DATA(c), sizeof(uc));
		CHECK_EQ(uc.pid, getpid());
		CHECK_EQ(uc.uid, getuid());
		pid = xfork();
		if (pid == 0) {
			become(NOBODY, NOGROUP);
			m.msg_controllen = sizeof(cbuf);
			c = CMSG_FIRSTHDR(&m);
			c->cmsg_level = SOL_SOCKET;
			c->cmsg_type = SCM_CREDENTIALS;
			c->cmsg_len = CMSG_LEN(sizeof(uc));
			uc = (struct ucred){ getpid(), 0, 0 };
			memcpy(CMSG_DATA(c), &uc, sizeof(uc));
			iov.iov_len = 1;
			CHECK_ERR(sendmsg(sv[0], &m, 0), EPERM);
			uc.uid = NOBODY;
			uc.gid = NOGROUP;
			memcpy(CMSG_DATA(c), &uc, sizeof(uc));
			CHECK_EQ(sendmsg(sv[0], &m, 0), 1);
			_exit(0);
		}
		expect_exit(xwait(pid), 0);
	}
}

static void t_poll_accept(void)
{
	int l = listener("pa", SOCK_STREAM, 0), c, c2, s, err;
	struct pollfd p = { l, POLLIN, 0 };
	struct sockaddr_un sa;
	socklen_t len = sun_path(&sa, "pa"), elen = sizeof(err);

	CHECK_EQ(poll(&p, 1, 0), 0);
	c = connect_to("pa", SOCK_STREAM);
	CHECK_EQ(poll(&p, 1, 0), 1);
	CHECK_EQ(p.revents, POLLIN);
	/* The backlog (0: one connection) is full: a non-blocking connect gets EAGAIN. */
	c2 = (int)OK(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0));
	CHECK_ERR(connect(c2, (struct sockaddr *)&sa, len), EAGAIN);
	s = (int)OK(accept4(l, NULL, NULL, SOCK_CLOEXEC));
	CHECK_EQ(fcntl(s, F_GETFD), FD_CLOEXEC);
	OK(fcntl(l, F_SETFL, O_NONBLOCK));
	CHECK_ERR(accept(l, NULL, NULL), EAGAIN);
	OK(getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &elen));
	CHECK_EQ(err, 0);
	p = (struct pollfd){ s, POLLIN | POLLOUT, 0 };
	CHECK_EQ(poll(&p, 1, 0), 1);
	CHECK_EQ(p.revents, POLLOUT);
	CHECK_EQ(write(c, "r", 1), 1);
	CHECK_EQ(poll(&p, 1, 0), 1);
	CHECK_EQ(p.revents, POLLIN | POLLOUT);
	/* A blocking connect waits for room in the backlog. */
	{
		int c3 = (int)OK(socket(AF_UNIX, SOCK_STREAM, 0)), c4;
		pid_t pid;

		c4 = connect_to("pa", SOCK_STREAM); /* fills the backlog */
		pid = xfork();
		if (pid == 0) {
			_exit(connect(c3, (struct sockaddr *)&sa, len) == 0 ? 0 : 1);
		}
		wait_sleeping(pid);
		close(OK(accept(l, NULL, NULL)));
		expect_exit(xwait(pid), 0);
		close(c4);
	}
}

static void t_readv_writev(void)
{
	int sv[2];
	char a[3], b[5];
	struct iovec out[2] = { { "abc", 3 }, { "defgh", 5 } }, in[2] = { { a, 3 }, { b, 5 } };

	OK(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
	CHECK_EQ(sendmsg(sv[0], &(struct msghdr){ .msg_iov = out, .msg_iovlen = 2 }, 0), 8);
	CHECK_EQ(recvmsg(sv[1], &(struct msghdr){ .msg_iov = in, .msg_iovlen = 2 }, 0), 8);
	CHECK(!memcmp(a, "abc", 3) && !memcmp(b, "defgh", 5));
	OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK_EQ(writev(sv[0], out, 2), 8);
	CHECK_EQ(recv(sv[1], a, 3, MSG_WAITALL), 3);
	CHECK_EQ(readv(sv[1], &in[1], 1), 5);
	CHECK(!memcmp(b, "defgh", 5));
}

/*
 * A write of nothing on a stream sends nothing: the reader's poll stays
 * quiet and its next read gets the next real bytes (xenstored writes a
 * reply's empty body that way, and polls its clients).
 */
static void t_stream_empty_write(void)
{
	struct pollfd p;
	char buf[8];
	int sv[2];

	OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK_EQ(write(sv[0], buf, 0), 0);
	CHECK_EQ(send(sv[0], buf, 0, 0), 0);
	p = (struct pollfd){ sv[1], POLLIN, 0 };
	CHECK_EQ(poll(&p, 1, 0), 0);
	OK(ioctl(sv[1], FIONREAD, &p.fd));
	CHECK_EQ(p.fd, 0);
	CHECK_EQ(write(sv[0], "xy", 2), 2);
	CHECK_EQ(read(sv[1], buf, sizeof(buf)), 2);
	CHECK(!memcmp(buf, "xy", 2));
	OK(shutdown(sv[0], SHUT_WR));
	CHECK_ERR(send(sv[0], buf, 0, MSG_NOSIGNAL), EPIPE);
	close(sv[0]);
	close(sv[1]);
}

/*
 * Every stream write says exactly what it sent, while the reader takes
 * each message as it comes: a writer preempted right after queueing
 * (the kernel preempts) must not look at the message the reader may
 * already have consumed and freed. Small messages for two seconds, so
 * that many time slices end in the middle of a write.
 */
static void t_stream_write_counts(void)
{
	uint64_t end = now_ns() + 2000000000ULL;
	unsigned int sent = 0, bad = 0;
	long first_bad = 0;
	int sv[2], status;
	pid_t pid;

	OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	pid = xfork();
	if (pid == 0) {
		unsigned int want = 0, got[4];
		ssize_t r;

		close(sv[0]);
		while ((r = read(sv[1], got, sizeof(got))) > 0) {
			if (r != sizeof(got) || got[0] != want || got[3] != ~want)
				_exit(1);
			want++;
		}
		_exit(r == 0 ? 0 : 2);
	}
	close(sv[1]);
	while (now_ns() < end) {
		unsigned int msg[4] = { sent, 0, 0, ~sent };
		ssize_t r = write(sv[0], msg, sizeof(msg));

		if (r != (ssize_t)sizeof(msg)) {
			if (!bad++)
				first_bad = (long)r;
			break;
		}
		sent++;
	}
	close(sv[0]);
	CHECK_EQ(bad, 0);
	if (bad)
		fprintf(stderr, "  write %u of 16 bytes returned %ld\n", sent, first_bad);
	status = xwait(pid);
	expect_exit(status, 0);
}

const struct utest unix_tests[] = {
	{ "unix: stream echo server with several clients", t_stream_echo },
	{ "unix: connect errors", t_stream_refused },
	{ "unix: bind errors", t_bind_errors },
	{ "unix: datagrams keep boundaries and senders", t_dgram },
	{ "unix: seqpacket boundaries and end of file", t_seqpacket },
	{ "unix: socketpair of each type", t_socketpair_types },
	{ "unix: abstract names, autobind, getsockname", t_names },
	{ "unix: shutdown, EPIPE, SIGPIPE, ECONNRESET", t_pipe_shutdown },
	{ "unix: full buffers, non-blocking, FIONREAD", t_nonblock_full },
	{ "unix: SCM_RIGHTS passes descriptors", t_scm_rights },
	{ "unix: descriptors in flight do not leak", t_inflight_no_leak },
	{ "unix: SO_PEERCRED, SO_PASSCRED, SCM_CREDENTIALS", t_credentials },
	{ "unix: poll, backlog, accept4", t_poll_accept },
	{ "unix: readv, writev, MSG_WAITALL", t_readv_writev },
	{ "unix: a write of nothing on a stream sends nothing", t_stream_empty_write },
	{ "unix: every stream write counts what it sent, under preemption", t_stream_write_counts },
	{ NULL, NULL },
};
