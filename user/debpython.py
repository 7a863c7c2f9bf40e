# Debian's python3 with threads, a queue, a UNIX socket pair and a child
# process (utest's deb_python runs it and compares all it prints).
import queue
import socket
import subprocess
import sys
import threading

# 8 threads, 100,000 increments each under one lock: exactly 800,000.
counter = 0
lock = threading.Lock()


def add(n):
    global counter
    for _ in range(n):
        with lock:
            counter += 1


threads = [threading.Thread(target=add, args=(100000,)) for _ in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("counter", counter)

# A bounded queue between a producer and two consumers.
q = queue.Queue(maxsize=8)
got = []


def produce():
    for i in range(1, 2001):
        q.put(i)
    q.put(None)
    q.put(None)


def consume():
    s = 0
    while (x := q.get()) is not None:
        s += x
    got.append(s)


ts = [threading.Thread(target=f) for f in (produce, consume, consume)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("queue", sum(got), len(got))

# A UNIX stream socket pair, a round trip with a thread at the other end.
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)


def echo():
    data = b""
    while len(data) < 100000:
        data += b.recv(65536)
    b.sendall(data[::-1])


t = threading.Thread(target=echo)
t.start()
msg = bytes(range(256)) * 390 + b"end!" * 40
a.sendall(msg)
back = b""
while len(back) < len(msg):
    back += a.recv(65536)
t.join()
print("socketpair", a.family.name, len(back), back == msg[::-1])
a.close()
b.close()

# A child's output captured, its status, and stdin fed to it.
r = subprocess.run(["/debian/bin/echo", "hello", "from", "echo"], capture_output=True, text=True)
print("subprocess", r.returncode, r.stdout.strip())
r = subprocess.run(["/debian/bin/sh", "-c", "read x; echo got $x; exit 3"], input=b"42\n",
                   stdout=subprocess.PIPE)
print("subprocess", r.returncode, r.stdout.decode().strip())
print("threads", threading.active_count(), sys.version.split()[0])
