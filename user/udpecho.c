/*
 * udpecho: a UDP echo server for the network tests, and a check of the
 * socket calls' edge cases first.
 *
 *   udpecho ADDR [PORT [COUNT]]
 *
 * ADDR is the interface's own address (the kernel's ip= option). The
 * checks print "udpecho: check NAME: ok" or "FAILED (...)": bad arguments
 * get their errno, two sockets exchange datagrams through our own
 * address (connect + write + poll + recvfrom + sendto + read), and bursts
 * larger than the transmit ring block (or give EAGAIN). Then it
 * binds PORT (default 7) on any address and echoes each datagram to its
 * sender, COUNT times (default 10), logging each; a datagram "quit" ends
 * it early. Prints "udpecho: ready on port N" once it listens, and
 * "udpecho: N checks failed" before it starts. Exit status: 0 when every
 * check passed and the echo loop ended normally.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int failed;

static void check(const char *name, int ok, const char *detail)
{
	printf("udpecho: check %s: %s%s%s%s\n", name, ok ? "ok" : "FAILED", ok ? "" : " (",
	       ok ? "" : detail, ok ? "" : ")");
	if (!ok)
		failed++;
}

/* rc must be -1 with errno want. */
static void check_errno(const char *name, long rc, int want)
{
	char d[96];

	snprintf(d, sizeof(d), "returned %ld, errno %s, wanted %s", rc, strerror(errno),
		 strerror(want));
	check(name, rc == -1 && errno == want, d);
}

static struct sockaddr_in sin_of(in_addr_t addr, unsigned int port)
{
	struct sockaddr_in s = { .sin_family = AF_INET, .sin_port = htons(port) };

	s.sin_addr.s_addr = addr;
	return s;
}

/*
 * More datagrams than the device's transmit ring holds, as fast as
 * sendto takes them (to the discard port, broadcast on the link): a
 * blocking socket waits for room, so every call sends; with MSG_DONTWAIT
 * a full ring is EAGAIN, nothing else.
 */
static void burst_checks(void)
{
	struct sockaddr_in to = sin_of(INADDR_BROADCAST, 9);
	static char dgram[1472];
	int s = socket(AF_INET, SOCK_DGRAM, 0), sent = 0, again = 0, other = 0, err = 0;
	char d[96];

	for (int i = 0; i < 500; i++)
		if (sendto(s, dgram, sizeof(dgram), 0, (void *)&to, sizeof(to)) == (long)sizeof(dgram))
			sent++;
		else if (!err)
			err = errno;
	snprintf(d, sizeof(d), "%d of 500 sent, first error %s", sent, strerror(err));
	check("500 blocking sendto of 1472 bytes in a row all send", sent == 500, d);
	sent = 0;
	for (int i = 0; i < 500; i++) {
		long n = sendto(s, dgram, sizeof(dgram), MSG_DONTWAIT, (void *)&to, sizeof(to));

		if (n == (long)sizeof(dgram))
			sent++;
		else if (errno == EAGAIN)
			again++;
		else if (!other++)
			err = errno;
	}
	snprintf(d, sizeof(d), "%d sent, %d EAGAIN, %d other (first %s)", sent, again, other,
		 other ? strerror(err) : "-");
	check("500 sendto with MSG_DONTWAIT: sent or EAGAIN, nothing else", other == 0 && sent > 0, d);
	close(s);
}

static void abi_checks(in_addr_t self)
{
	struct sockaddr_in a = sin_of(INADDR_ANY, 9000), to = sin_of(self, 9000), from;
	socklen_t fl = sizeof(from);
	struct pollfd pfd;
	char buf[2048], d[128];
	int s1, s2, s3;
	long n;

	errno = 0;
	check_errno("socket(AF_INET6) is EAFNOSUPPORT", socket(AF_INET6, SOCK_DGRAM, 0), EAFNOSUPPORT);
	check_errno("socket(AF_APPLETALK) is EAFNOSUPPORT", socket(AF_APPLETALK, SOCK_DGRAM, 0),
		    EAFNOSUPPORT);
	check_errno("socket(SOCK_STREAM) is EPROTONOSUPPORT", socket(AF_INET, SOCK_STREAM, 0),
		    EPROTONOSUPPORT);
	check_errno("socket(SOCK_DGRAM, IPPROTO_TCP) is EPROTONOSUPPORT",
		    socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP), EPROTONOSUPPORT);
	check_errno("bind(bad fd) is EBADF", bind(99, (void *)&a, sizeof(a)), EBADF);
	check_errno("bind(stdin) is ENOTSOCK", bind(0, (void *)&a, sizeof(a)), ENOTSOCK);

	s1 = socket(AF_INET, SOCK_DGRAM, 0);
	s2 = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, IPPROTO_UDP);
	s3 = socket(AF_INET, SOCK_DGRAM, 0);
	check("socket(AF_INET, SOCK_DGRAM) x3", s1 >= 0 && s2 >= 0 && s3 >= 0, strerror(errno));
	check_errno("bind(short length) is EINVAL", bind(s1, (void *)&a, 4), EINVAL);
	check_errno("bind(bad pointer) is EFAULT", bind(s1, (void *)8, sizeof(a)), EFAULT);
	check_errno("bind(foreign address) is EADDRNOTAVAIL",
		    /* clang-format off */
		    bind(s1, (void *)&(struct sockaddr_in){ .sin_family = AF_INET,
							     .sin_port = htons(9000),
							     .sin_addr.s_addr = htonl(0x01020304) },
			 /* clang-format on */
			 sizeof(a)),
		    EADDRNOTAVAIL);
	check("bind(any:9000)", bind(s1, (void *)&a, sizeof(a)) == 0, strerror(errno));
	check_errno("bind(the same port again) is EADDRINUSE", bind(s3, (void *)&a, sizeof(a)),
		    EADDRINUSE);
	check_errno("bind(a bound socket) is EINVAL", bind(s1, (void *)&a, sizeof(a)), EINVAL);
	check_errno("write(unconnected) is EDESTADDRREQ", write(s2, "x", 1), EDESTADDRREQ);
	check_errno("sendto(1473 bytes) is EMSGSIZE",
		    sendto(s2, buf, 1473, 0, (void *)&to, sizeof(to)), EMSGSIZE);
	check_errno("sendto(bad buffer) is EFAULT", sendto(s2, (void *)8, 10, 0, (void *)&to, sizeof(to)),
		    EFAULT);
	check_errno("recvfrom(nonblocking, empty) is EAGAIN", recv(s2, buf, sizeof(buf), 0), EAGAIN);

	pfd = (struct pollfd){ .fd = s1, .events = POLLIN | POLLOUT };
	n = poll(&pfd, 1, 0);
	snprintf(d, sizeof(d), "poll %ld revents %#x", n, pfd.revents);
	check("poll(empty socket) is POLLOUT only", n == 1 && pfd.revents == POLLOUT, d);

	check("connect(s2 to our address:9000)", connect(s2, (void *)&to, sizeof(to)) == 0,
	      strerror(errno));
	memset(&from, 0, sizeof(from));
	check("getsockname(s2) has an ephemeral port",
	      getsockname(s2, (void *)&from, &fl) == 0 && ntohs(from.sin_port) >= 49152, strerror(errno));
	check("write(connected s2, 5 bytes)", write(s2, "hello", 5) == 5, strerror(errno));
	pfd = (struct pollfd){ .fd = s1, .events = POLLIN };
	n = poll(&pfd, 1, 1000);
	check("poll(s1) is POLLIN after the write", n == 1 && (pfd.revents & POLLIN), "not readable");
	memset(&from, 0, sizeof(from));
	fl = sizeof(from);
	n = recvfrom(s1, buf, sizeof(buf), 0, (void *)&from, &fl);
	snprintf(d, sizeof(d), "got %ld bytes '%.*s' from port %u", n, n > 0 ? (int)n : 0, buf,
		 ntohs(from.sin_port));
	check("recvfrom(s1) gets 'hello' with the sender's address",
	      n == 5 && !memcmp(buf, "hello", 5) && from.sin_addr.s_addr == self && fl == sizeof(from),
	      d);
	n = sendto(s1, "world!", 6, 0, (void *)&from, fl);
	check("sendto(s1 back to s2)", n == 6, strerror(errno));
	n = read(s2, buf, 3);
	check("read(s2, 3 bytes) truncates the datagram", n == 3 && !memcmp(buf, "wor", 3), "wrong data");
	check_errno("read(s2 again) is EAGAIN: the rest was discarded", read(s2, buf, sizeof(buf)), EAGAIN);
	check_errno("recvfrom(bad buffer) is EFAULT after a send",
		    (write(s2, "x", 1), recv(s1, (void *)8, 10, 0)), EFAULT);
	close(s1);
	close(s2);
	close(s3);
	s1 = socket(AF_INET, SOCK_DGRAM, 0);
	check("bind(9000) again after close", bind(s1, (void *)&a, sizeof(a)) == 0, strerror(errno));
	close(s1);
	check_errno("close(closed socket) is EBADF", close(s1), EBADF);
	burst_checks();
}

int main(int argc, char **argv)
{
	unsigned int port = argc > 2 ? (unsigned int)atoi(argv[2]) : 7;
	int count = argc > 3 ? atoi(argv[3]) : 10, s, echoed = 0;
	struct sockaddr_in a;
	in_addr_t self;
	char buf[2048];

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2 || inet_pton(AF_INET, argv[1], &self) != 1) {
		fprintf(stderr, "usage: udpecho ADDR [PORT [COUNT]]\n");
		return 2;
	}
	abi_checks(self);
	printf("udpecho: %d checks failed\n", failed);

	s = socket(AF_INET, SOCK_DGRAM, 0);
	a = sin_of(INADDR_ANY, port);
	if (s < 0 || bind(s, (void *)&a, sizeof(a)) < 0) {
		printf("udpecho: cannot listen on port %u: %s\n", port, strerror(errno));
		return 1;
	}
	printf("udpecho: ready on port %u\n", port);
	while (echoed < count) {
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		struct pollfd pfd = { .fd = s, .events = POLLIN };
		char who[INET_ADDRSTRLEN];
		long n;

		if (poll(&pfd, 1, -1) != 1 || !(pfd.revents & POLLIN)) {
			printf("udpecho: poll: %s, revents %#x\n", strerror(errno), pfd.revents);
			return 1;
		}
		n = recvfrom(s, buf, sizeof(buf), 0, (void *)&from, &fl);
		if (n < 0) {
			printf("udpecho: recvfrom: %s\n", strerror(errno));
			return 1;
		}
		inet_ntop(AF_INET, &from.sin_addr, who, sizeof(who));
		printf("udpecho: %ld bytes from %s:%u\n", n, who, ntohs(from.sin_port));
		if (n == 4 && !memcmp(buf, "quit", 4))
			break;
		if (sendto(s, buf, (size_t)n, 0, (void *)&from, fl) != n) {
			printf("udpecho: sendto: %s\n", strerror(errno));
			return 1;
		}
		echoed++;
	}
	printf("udpecho: done, %d datagrams echoed\n", echoed);
	close(s);
	return failed ? 1 : 0;
}
