/*
 * netbench: network figures between a guest and its dom0 over UDP and
 * ICMP, the same program in every guest and in dom0 (make bench,
 * scripts/xen/bench-domu.sh).
 *
 *   netbench now                         CLOCK_REALTIME in ns, one number
 *   netbench peer [IDLE_S]               dom0's side: answers a client
 *   netbench client PEER PINGS DATAGRAMS the guest's side: drives the tests
 *
 * The peer listens on UDP port 5001 (requests) and 5002 (data) and does
 * what the client asks; it exits on "quit" or after IDLE_S seconds
 * (default 600) without a request. The client, from port 5001 (requests)
 * and 5002 (data), runs in order:
 *
 *   clock   8 exchanges: the peer's CLOCK_REALTIME against ours around
 *           each; the one with the shortest round trip gives the offset
 *           (theirs minus ours, within half that round trip)
 *   ping    the peer sends PINGS ICMP echo requests (raw socket, 56 bytes
 *           of data, one at a time, each waited for up to 1 s) to the
 *           client's address and times each round trip
 *   udp_tx  DATAGRAMS datagrams of 1472 bytes from us to the peer, as fast
 *           as sendto() takes them; the peer counts and times arrivals
 *   udp_rx  the same from the peer to us; we count and time arrivals
 *   clock_end  the clock exchanges again: a different offset is drift
 *
 * Requests are small text datagrams "WORD ID ARGS", answered "WORD ID
 * ...", resent after a second without an answer (5 times at most); the
 * peer answers a repeated ID from what it did the first time. Every data
 * datagram carries a magic number, the test's ID and its sequence number.
 * Results, one line each:
 *
 *   netbench: clock offset_ns O rtt_ns R          (and clock_end)
 *   netbench: ping count C received N min_ns A avg_ns B max_ns C
 *   netbench: udp_tx size S sent N received M loss_pct L span_ns T kib_s K send_ns X retries Y
 *   netbench: udp_rx size S sent N received M loss_pct L span_ns T kib_s K
 *
 * then "netbench: done". kib_s is (received - 1) datagrams over the time
 * from the first arrival to the last. Errors print "netbench: FAILED: ..."
 * and exit 1.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CTL_PORT  5001
#define DATA_PORT 5002
#define DGRAM	  1472 /* the largest that needs no IP fragment */
#define MAGIC	  0x6e626368u
#define TRIES	  5
#define REQ_MAX	  160

struct hdr {
	uint32_t magic, id, seq;
};

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void fail(const char *fmt, ...)
{
	va_list ap;

	fputs("netbench: FAILED: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	exit(1);
}

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t mono(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

static struct sockaddr_in addr_of(in_addr_t a, unsigned int port)
{
	struct sockaddr_in s = { .sin_family = AF_INET, .sin_port = htons(port) };

	s.sin_addr.s_addr = a;
	return s;
}

static int udp_socket(unsigned int port)
{
	struct sockaddr_in a = addr_of(INADDR_ANY, port);
	int one = 1, fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0)
		fail("socket: %s", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)))
		fail("bind to port %u: %s", port, strerror(errno));
	return fd;
}

/* Waits up to ms for fd to be readable; 1 if it is. */
static int readable(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int n;

	do
		n = poll(&p, 1, ms);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		fail("poll: %s", strerror(errno));
	return n > 0;
}

/* sendto that waits out a full transmit queue (our kernel says ENOBUFS). */
static unsigned long send_all(int fd, const void *buf, size_t len, const struct sockaddr_in *to)
{
	unsigned long retries = 0;

	while (sendto(fd, buf, len, 0, (const struct sockaddr *)to, sizeof(*to)) != (ssize_t)len) {
		if (errno != ENOBUFS && errno != EAGAIN && errno != EINTR)
			fail("sendto %s:%u: %s", inet_ntoa(to->sin_addr), ntohs(to->sin_port),
			     strerror(errno));
		retries++;
		sched_yield();
	}
	return retries;
}

static void send_text(int fd, const struct sockaddr_in *to, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void send_text(int fd, const struct sockaddr_in *to, const char *fmt, ...)
{
	char buf[REQ_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	send_all(fd, buf, (size_t)n, to);
}

static double loss_pct(unsigned long sent, unsigned long got)
{
	return sent ? 100.0 * (double)(sent - (got < sent ? got : sent)) / (double)sent : 0;
}

static double kib_s(unsigned long got, uint64_t span)
{
	return got > 1 && span ? (double)(got - 1) * DGRAM / 1024 / ((double)span / 1e9) : 0;
}

/* ---------------------------------------------------------------- peer (dom0) */

static uint16_t icmp_sum(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint32_t s = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		s += (uint32_t)(b[i] << 8 | b[i + 1]);
	if (len & 1)
		s += (uint32_t)b[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return htons((uint16_t)~s);
}

/* count echo requests to dst, one at a time; the reply line for the client. */
static void do_ping(struct in_addr dst, unsigned long count, unsigned long id, char *out,
		    size_t outlen)
{
	static int raw = -1;
	struct sockaddr_in to = addr_of(dst.s_addr, 0);
	uint64_t min = UINT64_MAX, max = 0, sum = 0;
	unsigned long got = 0;
	uint16_t ident = (uint16_t)getpid();
	uint8_t pkt[64], in[1500];

	if (raw < 0)
		raw = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	if (raw < 0) {
		snprintf(out, outlen, "ping %lu error raw-socket-%d", id, errno);
		return;
	}
	while (recv(raw, in, sizeof(in), MSG_DONTWAIT) > 0)
		; /* stale replies */
	for (unsigned long i = 0; i < count; i++) {
		uint16_t seq = (uint16_t)i;
		uint64_t t0, t, deadline;

		memset(pkt, 0, sizeof(pkt));
		pkt[0] = 8; /* echo request, code 0 */
		memcpy(pkt + 4, &ident, 2);
		seq = htons(seq);
		memcpy(pkt + 6, &seq, 2);
		for (size_t j = 8; j < sizeof(pkt); j++)
			pkt[j] = (uint8_t)j;
		{
			uint16_t c = icmp_sum(pkt, sizeof(pkt));

			memcpy(pkt + 2, &c, 2);
		}
		t0 = mono();
		deadline = t0 + 1000000000ull;
		if (sendto(raw, pkt, sizeof(pkt), 0, (struct sockaddr *)&to, sizeof(to)) < 0)
			continue; /* counted as lost */
		for (;;) {
			ssize_t n;
			size_t ihl;

			t = mono();
			if (t >= deadline || !readable(raw, (int)((deadline - t) / 1000000) + 1))
				break;
			n = recv(raw, in, sizeof(in), 0);
			t = mono();
			if (n < 20)
				continue;
			ihl = (size_t)(in[0] & 15) * 4;
			if ((size_t)n < ihl + 8 || in[ihl] != 0 || memcmp(in + ihl + 4, &ident, 2) ||
			    memcmp(in + ihl + 6, &seq, 2))
				continue; /* not our echo reply */
			t -= t0;
			got++;
			sum += t;
			min = t < min ? t : min;
			max = t > max ? t : max;
			break;
		}
	}
	snprintf(out, outlen, "ping %lu %lu %lu %llu %llu %llu", id, count, got,
		 (unsigned long long)(got ? min : 0), (unsigned long long)(got ? sum / got : 0),
		 (unsigned long long)max);
}

/* Sends count datagrams to the client; the reply line (tx-end). */
static void do_tx(int data, struct in_addr dst, unsigned long port, unsigned long count,
		  unsigned long id, char *out, size_t outlen)
{
	struct sockaddr_in to = addr_of(dst.s_addr, (unsigned int)port);
	static char buf[DGRAM];
	struct hdr h = { MAGIC, (uint32_t)id, 0 };
	uint64_t t0 = mono();

	for (unsigned long i = 0; i < count; i++) {
		h.seq = (uint32_t)i;
		memcpy(buf, &h, sizeof(h));
		send_all(data, buf, DGRAM, &to);
	}
	snprintf(out, outlen, "tx-end %lu %lu %llu", id, count, (unsigned long long)(mono() - t0));
}

static int peer(unsigned long idle_s)
{
	int ctl = udp_socket(CTL_PORT), data = udp_socket(DATA_PORT);
	int big = 8 << 20;
	unsigned long rx_id = 0, rx_got = 0, last_id = 0;
	uint64_t rx_first = 0, rx_last = 0, idle_since = mono();
	char reply[REQ_MAX] = "";
	char last_word[16] = "";
	static char buf[2048];

	/* dom0 as root may exceed rmem_max; a full socket would count as loss. */
	if (setsockopt(data, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big)))
		setsockopt(data, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	printf("netbench: peer listening on ports %d and %d\n", CTL_PORT, DATA_PORT);
	fflush(stdout);
	for (;;) {
		struct pollfd p[2] = { { .fd = ctl, .events = POLLIN }, { .fd = data, .events = POLLIN } };
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		unsigned long id, a, b;
		char word[16];
		ssize_t n;

		uint64_t idle = mono() - idle_since, limit = idle_s * 1000000000ull;

		if (idle >= limit) {
			printf("netbench: peer: no request for %lu s; exiting\n", idle_s);
			return 1;
		}
		/* Blocks until a datagram comes: dom0 stays idle while the guest works. */
		if (poll(p, 2, (int)((limit - idle) / 1000000) + 1) < 0 && errno != EINTR)
			fail("poll: %s", strerror(errno));
		/* Data first, so that a "rx-done" finds every datagram already counted. */
		while ((n = recv(data, buf, sizeof(buf), MSG_DONTWAIT)) >= 0) {
			struct hdr h;

			if ((size_t)n < sizeof(h))
				continue;
			memcpy(&h, buf, sizeof(h));
			if (h.magic != MAGIC || h.id != rx_id || !rx_id)
				continue;
			rx_last = mono();
			if (!rx_got++)
				rx_first = rx_last;
		}
		n = recvfrom(ctl, buf, sizeof(buf) - 1, MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
		if (n < 0)
			continue;
		idle_since = mono();
		buf[n] = '\0';
		if (sscanf(buf, "%15s %lu", word, &id) != 2)
			continue;
		if (id == last_id && !strcmp(word, last_word)) {
			send_text(ctl, &from, "%s", reply); /* a request resent: the same answer */
			continue;
		}
		if (!strcmp(word, "time")) {
			snprintf(reply, sizeof(reply), "time %lu %llu", id,
				 (unsigned long long)clock_ns(CLOCK_REALTIME));
		} else if (!strcmp(word, "ping") && sscanf(buf, "%*s %*u %lu", &a) == 1) {
			do_ping(from.sin_addr, a, id, reply, sizeof(reply));
		} else if (!strcmp(word, "rx")) {
			rx_id = (uint32_t)id;
			rx_got = 0;
			snprintf(reply, sizeof(reply), "rx %lu ready", id);
		} else if (!strcmp(word, "rx-done") && id == rx_id) {
			/* Stragglers still on their way: up to 0.2 s of quiet. */
			while (readable(data, 200)) {
				struct hdr h;

				n = recv(data, buf, sizeof(buf), 0);
				if (n < (ssize_t)sizeof(h))
					continue;
				memcpy(&h, buf, sizeof(h));
				if (h.magic != MAGIC || h.id != rx_id)
					continue;
				rx_last = mono();
				if (!rx_got++)
					rx_first = rx_last;
			}
			snprintf(reply, sizeof(reply), "rx-done %lu %lu %llu", id, rx_got,
				 (unsigned long long)(rx_got ? rx_last - rx_first : 0));
			rx_id = 0;
		} else if (!strcmp(word, "tx") && sscanf(buf, "%*s %*u %lu %lu", &a, &b) == 2) {
			send_text(ctl, &from, "tx %lu start", id);
			do_tx(data, from.sin_addr, b, a, id, reply, sizeof(reply));
		} else if (!strcmp(word, "quit")) {
			send_text(ctl, &from, "quit %lu bye", id);
			printf("netbench: peer: quit\n");
			return 0;
		} else {
			continue; /* unknown: no answer */
		}
		last_id = id;
		snprintf(last_word, sizeof(last_word), "%s", word);
		send_text(ctl, &from, "%s", reply);
		printf("netbench: peer: %s -> %s\n", word, reply);
		fflush(stdout);
	}
}

/* ---------------------------------------------------------------- client (guest) */

static int ctl_fd, data_fd;
static struct sockaddr_in peer_ctl, peer_data;
static unsigned long next_id = 1;

/*
 * Sends "WORD ID ARGS" until an answer "WORD ID ..." comes (wait_ms per
 * try, TRIES tries); the answer in out.
 */
static void request(const char *word, unsigned long id, const char *args, int wait_ms, char *out,
		    size_t outlen)
{
	char want[40];

	snprintf(want, sizeof(want), "%s %lu ", word, id);
	for (int t = 0; t < TRIES; t++) {
		uint64_t deadline = mono() + (uint64_t)wait_ms * 1000000ull;

		send_text(ctl_fd, &peer_ctl, "%s %lu%s%s", word, id, *args ? " " : "", args);
		for (;;) {
			uint64_t now = mono();
			ssize_t n;

			if (now >= deadline || !readable(ctl_fd, (int)((deadline - now) / 1000000) + 1))
				break;
			n = recv(ctl_fd, out, outlen - 1, 0);
			if (n <= 0)
				continue;
			out[n] = '\0';
			if (!strncmp(out, want, strlen(want)))
				return;
		}
	}
	fail("no answer from the peer %s to '%s' after %d tries", inet_ntoa(peer_ctl.sin_addr),
	     word, TRIES);
}

static void clock_check(const char *what)
{
	uint64_t best_rtt = UINT64_MAX;
	int64_t best_off = 0;
	char out[REQ_MAX];

	for (int i = 0; i < 8; i++) {
		unsigned long long theirs;
		uint64_t t1 = clock_ns(CLOCK_REALTIME), t3;

		request("time", next_id++, "", 1000, out, sizeof(out));
		t3 = clock_ns(CLOCK_REALTIME);
		if (sscanf(out, "%*s %*u %llu", &theirs) != 1)
			fail("bad time answer '%s'", out);
		if (t3 - t1 < best_rtt) {
			best_rtt = t3 - t1;
			best_off = (int64_t)(theirs - (t1 + (t3 - t1) / 2));
		}
	}
	printf("netbench: %s offset_ns %lld rtt_ns %llu\n", what, (long long)best_off,
	       (unsigned long long)best_rtt);
}

static void ping_test(unsigned long count)
{
	unsigned long long c, got, min, avg, max;
	char args[24], out[REQ_MAX];

	snprintf(args, sizeof(args), "%lu", count);
	request("ping", next_id++, args, (int)(count * 1000 + 5000), out, sizeof(out));
	if (sscanf(out, "%*s %*u %llu %llu %llu %llu %llu", &c, &got, &min, &avg, &max) != 5)
		fail("ping: the peer answered '%s'", out);
	printf("netbench: ping count %llu received %llu min_ns %llu avg_ns %llu max_ns %llu\n", c,
	       got, min, avg, max);
}

static void udp_tx(unsigned long count)
{
	static char buf[DGRAM];
	unsigned long long got, span;
	unsigned long id = next_id++, retries = 0;
	char args[48], out[REQ_MAX];
	struct hdr h = { MAGIC, 0, 0 };
	uint64_t t0, send_ns;

	snprintf(args, sizeof(args), "%lu %d", count, DGRAM);
	request("rx", id, args, 1000, out, sizeof(out));
	h.id = (uint32_t)id;
	t0 = mono();
	for (unsigned long i = 0; i < count; i++) {
		h.seq = (uint32_t)i;
		memcpy(buf, &h, sizeof(h));
		retries += send_all(data_fd, buf, DGRAM, &peer_data);
	}
	send_ns = mono() - t0;
	/* The same ID: the peer matches the rx-done to its rx. */
	snprintf(args, sizeof(args), "%lu", count);
	request("rx-done", id, args, 2000, out, sizeof(out));
	if (sscanf(out, "%*s %*u %llu %llu", &got, &span) != 2)
		fail("udp_tx: the peer answered '%s'", out);
	if (got < 2)
		fail("udp_tx: the peer received %llu of %lu datagrams", got, count);
	printf("netbench: udp_tx size %d sent %lu received %llu loss_pct %.2f span_ns %llu kib_s %.0f send_ns %llu retries %lu\n",
	       DGRAM, count, got, loss_pct(count, got), span, kib_s(got, span),
	       (unsigned long long)send_ns, retries);
}

static void udp_rx(unsigned long count)
{
	static char buf[2048];
	unsigned long id = next_id++, got = 0, sent = 0;
	uint64_t first = 0, last = 0, quiet_from = 0;
	int started = 0, ended = 0, tries = 0;
	char out[REQ_MAX], want_start[40], want_end[40];

	while (recv(data_fd, buf, sizeof(buf), MSG_DONTWAIT) >= 0)
		; /* nothing old may count */
	snprintf(want_start, sizeof(want_start), "tx %lu start", id);
	snprintf(want_end, sizeof(want_end), "tx-end %lu ", id);
	while (!ended || got < count) {
		struct pollfd p[2] = { { .fd = data_fd, .events = POLLIN },
				       { .fd = ctl_fd, .events = POLLIN } };
		ssize_t n;

		if (!started && !got) {
			if (tries++ == TRIES)
				fail("udp_rx: the peer never started sending");
			send_text(ctl_fd, &peer_ctl, "tx %lu %lu %d", id, count, DATA_PORT);
		}
		n = poll(p, 2, ended ? 500 : 1000);
		if (n < 0 && errno != EINTR)
			fail("poll: %s", strerror(errno));
		if (n == 0) {
			if (ended)
				break; /* half a second of quiet after the end: the rest is lost */
			if (started || got) {
				if (!quiet_from)
					quiet_from = mono();
				else if (mono() - quiet_from > 30000000000ull)
					fail("udp_rx: no end from the peer after 30 s");
			}
			continue;
		}
		quiet_from = 0;
		if (p[0].revents & POLLIN) {
			struct hdr h;

			n = recv(data_fd, buf, sizeof(buf), 0);
			if (n >= (ssize_t)sizeof(h)) {
				memcpy(&h, buf, sizeof(h));
				if (h.magic == MAGIC && h.id == id) {
					last = mono();
					if (!got++)
						first = last;
				}
			}
		}
		if (p[1].revents & POLLIN) {
			n = recv(ctl_fd, out, sizeof(out) - 1, 0);
			if (n > 0) {
				out[n] = '\0';
				if (!strcmp(out, want_start))
					started = 1;
				else if (!strncmp(out, want_end, strlen(want_end)) &&
					 sscanf(out, "%*s %*u %lu", &sent) == 1)
					started = ended = 1;
			}
		}
	}
	if (!ended)
		sent = count;
	if (got < 2)
		fail("udp_rx: received %lu of %lu datagrams", got, sent);
	printf("netbench: udp_rx size %d sent %lu received %lu loss_pct %.2f span_ns %llu kib_s %.0f\n",
	       DGRAM, sent, got, loss_pct(sent, got), (unsigned long long)(last - first),
	       kib_s(got, last - first));
}

static unsigned long num(const char *s, const char *what)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || !v || v > 1000000)
		fail("%s: '%s' is not a number from 1 to 1000000", what, s);
	return v;
}

static int client(const char *peer_name, unsigned long pings, unsigned long dgrams)
{
	struct in_addr a;
	char out[REQ_MAX];

	if (!inet_aton(peer_name, &a))
		fail("'%s' is not an IPv4 address", peer_name);
	peer_ctl = addr_of(a.s_addr, CTL_PORT);
	peer_data = addr_of(a.s_addr, DATA_PORT);
	ctl_fd = udp_socket(CTL_PORT);
	data_fd = udp_socket(DATA_PORT);
	printf("netbench: client of %s: %lu pings, %lu datagrams of %d bytes each way\n", peer_name,
	       pings, dgrams, DGRAM);
	clock_check("clock");
	ping_test(pings);
	udp_tx(dgrams);
	udp_rx(dgrams);
	clock_check("clock_end"); /* the same offset again, or the clocks drift */
	request("quit", next_id++, "", 1000, out, sizeof(out));
	printf("netbench: done\n");
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && !strcmp(argv[1], "now")) {
		printf("%llu\n", (unsigned long long)clock_ns(CLOCK_REALTIME));
		return 0;
	}
	if ((argc == 2 || argc == 3) && !strcmp(argv[1], "peer"))
		return peer(argc == 3 ? num(argv[2], "IDLE_S") : 600);
	if (argc == 5 && !strcmp(argv[1], "client"))
		return client(argv[2], num(argv[3], "PINGS"), num(argv[4], "DATAGRAMS"));
	fprintf(stderr, "usage: netbench now | peer [IDLE_S] | client PEER PINGS DATAGRAMS\n");
	return 2;
}
