/*
 * execve of what is not a static program: Debian's dynamically linked
 * programs (the initramfs carries them with glibc's ld.so under /debian
 * and /lib, scripts/fetch-debian.sh), the auxiliary vector ld.so gets,
 * "#!" scripts with an argument and nested ones, and the errors for
 * files that are no program or a broken one.
 */
#include <elf.h>

#include "utest.h"

#define DEB  "/debian/bin/"
#define LDSO "/lib64/ld-linux-x86-64.so.2"

static char *const no_env[] = { NULL };

/* The Debian programs are only in the pvkernel's initramfs (unless built with DEBIAN=n). */
static void need_debian(void)
{
	if (access(DEB "true", X_OK) || access(LDSO, X_OK))
		skip("no Debian programs in " DEB " (initramfs built with DEBIAN=n?)");
}

int run_capture(const char *path, char *const argv[], char *const envp[], char *out, size_t size)
{
	size_t len = 0;
	ssize_t n;
	int p[2];
	pid_t pid;

	OK(pipe(p));
	pid = xfork();
	if (pid == 0) {
		dup2(p[1], 1);
		dup2(p[1], 2);
		close(p[0]);
		execve(path, argv, envp);
		dprintf(2, "execve %s: %s\n", path, errname(errno));
		_exit(127);
	}
	close(p[1]);
	while (len + 1 < size && (n = read(p[0], out + len, size - 1 - len)) > 0)
		len += n;
	out[len] = '\0';
	close(p[0]);
	return xwait(pid);
}

/* The errno of an execve that must fail. */
static int exec_errno(const char *path)
{
	char *argv[] = { (char *)path, NULL };

	execve(path, argv, no_env);
	return errno;
}

static void t_dyn_true_false(void)
{
	char out[256];

	need_debian();
	expect_exit(run_capture(DEB "true", (char *[]){ "true", NULL }, no_env, out, sizeof(out)), 0);
	CHECK_STR(out, "");
	expect_exit(run_capture(DEB "false", (char *[]){ "false", NULL }, no_env, out, sizeof(out)), 1);
	CHECK_STR(out, "");
	/* ld.so run as a program (an ET_DYN without an interpreter) loads the program itself. */
	expect_exit(run_capture(LDSO, (char *[]){ "ld.so", DEB "true", NULL }, no_env, out,
				sizeof(out)),
		    0);
	CHECK_STR(out, "");
}

static void t_dyn_ls(void)
{
	static char out[8192];

	need_debian();
	expect_exit(run_capture(DEB "ls", (char *[]){ "ls", "-l", "/", NULL }, no_env, out,
				sizeof(out)),
		    0);
	/* Nothing on stderr in between: no "Function not implemented". */
	if (strstr(out, "ls:"))
		fail("ls complained: %.200s", out);
	for (const char *const *w = (const char *const[]){ " debian\n", " proc\n", " tmp\n",
							   " lib64\n", NULL };
	     *w; w++)
		if (!strstr(out, *w))
			fail("no '%.*s' in ls -l /: %.300s", (int)strlen(*w) - 1, *w, out);
	if (strncmp(out, "total ", 6) || !strstr(out, "\ndrwxrwxrwt "))
		fail("ls -l / does not look like a listing: %.300s", out);
}

static void t_dyn_env_cat(void)
{
	char out[1024], path[] = "cat-input";

	need_debian();
	expect_exit(run_capture(DEB "env", (char *[]){ "env", NULL },
				(char *[]){ "UTEST_DYN=hello world", "B=2", NULL }, out, sizeof(out)),
		    0);
	CHECK_STR(out, "UTEST_DYN=hello world\nB=2\n");
	write_file(path, "line one\nline two\n", 18);
	expect_exit(run_capture(DEB "cat", (char *[]){ "cat", path, path, NULL }, no_env, out,
				sizeof(out)),
		    0);
	CHECK_STR(out, "line one\nline two\nline one\nline two\n");
}

static void t_dyn_shells(void)
{
	char out[1024];

	need_debian();
	expect_exit(run_capture(DEB "dash", (char *[]){ "dash", "-c", "echo $((6 * 7)) \"$0\" $1", "zero", "one", NULL },
				no_env, out, sizeof(out)),
		    0);
	CHECK_STR(out, "42 zero one\n");
	expect_exit(run_capture(DEB "bash",
				(char *[]){ "bash", "-c",
					    "a=(x y z); f() { echo ${a[$1]}; }; f 2; echo $(f 0)$(f 1) | " DEB "cat; trap 'echo bye' EXIT; exit 3",
					    NULL },
				no_env, out, sizeof(out)),
		    3);
	CHECK_STR(out, "z\nxy\nbye\n");
}

/* A value of glibc's LD_SHOW_AUXV listing ("AT_BASE:  0x7f..."), or fail. */
static unsigned long aux_value(const char *out, const char *name)
{
	char key[32];
	const char *p;

	snprintf(key, sizeof(key), "\n%s:", name);
	p = strstr(out, key);
	if (!p && !strncmp(out, key + 1, strlen(key + 1)))
		p = out - 1;
	if (!p)
		fail("no %s in LD_SHOW_AUXV's listing: %.400s", name, out);
	p += strlen(key);
	while (*p == ' ')
		p++;
	return strtoul(p, NULL, 0);
}

static void show_auxv(char *out, size_t size)
{
	expect_exit(run_capture(DEB "true", (char *[]){ "true", NULL }, (char *[]){ "LD_SHOW_AUXV=1", NULL },
				out, size),
		    0);
}

/* ld.so's view of the auxiliary vector of a position-independent program. */
static void t_dyn_auxv(void)
{
	static char out[4096], again[4096];
	unsigned long entry, phdr, base, bias;
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	int fd;

	need_debian();
	fd = OK(open(DEB "true", O_RDONLY));
	CHECK_EQ(pread(fd, &eh, sizeof(eh), 0), sizeof(eh));
	CHECK_EQ(eh.e_type, ET_DYN);
	CHECK_EQ(pread(fd, &ph, sizeof(ph), eh.e_phoff), sizeof(ph));
	CHECK_EQ(ph.p_type, PT_PHDR);
	close(fd);

	show_auxv(out, sizeof(out));
	entry = aux_value(out, "AT_ENTRY");
	phdr = aux_value(out, "AT_PHDR");
	base = aux_value(out, "AT_BASE");
	bias = entry - eh.e_entry;
	if (!bias || bias % PAGE)
		fail("AT_ENTRY %#lx for e_entry %#lx: bias %#lx", entry, (unsigned long)eh.e_entry, bias);
	CHECK_EQ(phdr, bias + ph.p_vaddr);
	CHECK_EQ(aux_value(out, "AT_PHNUM"), eh.e_phnum);
	CHECK_EQ(aux_value(out, "AT_PHENT"), sizeof(Elf64_Phdr));
	CHECK_EQ(aux_value(out, "AT_PAGESZ"), 4096);
	CHECK_EQ(aux_value(out, "AT_UID"), getuid());
	CHECK_EQ(aux_value(out, "AT_EGID"), getegid());
	CHECK_EQ(aux_value(out, "AT_SECURE"), 0);
	CHECK_EQ(aux_value(out, "AT_CLKTCK"), 100);
	aux_value(out, "AT_RANDOM");
	aux_value(out, "AT_HWCAP");
	if (!base || base % PAGE || (base > bias && base - bias < 0x100000000UL))
		fail("AT_BASE %#lx (ld.so) next to the program at %#lx", base, bias);
	if (!strstr(out, "AT_EXECFN:           " DEB "true") && !strstr(out, DEB "true\n"))
		fail("AT_EXECFN is not " DEB "true: %.400s", out);
	if (!strstr(out, "x86_64"))
		fail("AT_PLATFORM is not x86_64: %.400s", out);
	/* Randomised: two runs do not share both bases (chance 2^-28 each). */
	show_auxv(again, sizeof(again));
	if (aux_value(again, "AT_BASE") == base && aux_value(again, "AT_ENTRY") == entry)
		fail("the same AT_BASE %#lx and AT_ENTRY %#lx twice: no randomisation", base, entry);
}

/* An executable file at path with contents s. */
static void write_exec(const char *path, const char *s)
{
	write_file(path, s, strlen(s));
	OK(chmod(path, 0755));
}

static char *const print_env[] = { "UTEST_PRINT_ARGS=1", NULL };

/* Runs script, whose interpreter is utest printing its arguments (print_args()); they must be want. */
static void expect_args(const char *script, char *const argv[], const char *want)
{
	char out[2048];

	expect_exit(run_capture(script, argv, print_env, out, sizeof(out)), 0);
	CHECK_STR(out, want);
}

static void t_script_args(void)
{
	char line[512], want[1024], cwd[256], s1[300], s2[300];

	OK(getcwd(cwd, sizeof(cwd)) ? 0 : -1);
	snprintf(s1, sizeof(s1), "%s/s1", cwd);
	snprintf(s2, sizeof(s2), "%s/s2", cwd);
	/* One argument: everything after the name, blanks trimmed at both ends, inner ones kept. */
	snprintf(line, sizeof(line), "#!  %s   -x  y \t\necho not shell\n", utest_self);
	write_exec(s1, line);
	snprintf(want, sizeof(want), "%s\n-x  y\n./s1\na b\nc\n", utest_self);
	expect_args("./s1", (char *[]){ "ignored", "a b", "c", NULL }, want);
	/* No argument; an absolute path is passed as given. */
	snprintf(line, sizeof(line), "#!%s\n", utest_self);
	write_exec(s2, line);
	snprintf(want, sizeof(want), "%s\n%s\n1\n", utest_self, s2);
	expect_args(s2, (char *[]){ "s2", "1", NULL }, want);
	/* A script whose interpreter is a script: each level adds its own. */
	snprintf(line, sizeof(line), "#!%s -n\n", s1);
	write_exec("s3", line);
	snprintf(want, sizeof(want), "%s\n-x  y\n%s\n-n\n./s3\narg\n", utest_self, s1);
	expect_args("./s3", (char *[]){ "s3", "arg", NULL }, want);
	/* The interpreter of Debian's shell with -e, through a script. */
	if (!access(DEB "dash", X_OK)) {
		write_exec("s4", "#!" DEB "dash -e\necho \"$0:$1:$2\"\nfalse\necho not reached\n");
		expect_exit(run_capture("./s4", (char *[]){ "s4", "p", "q", NULL }, no_env, want, sizeof(want)), 1);
		CHECK_STR(want, "./s4:p:q\n");
	}
}

/* Scripts nest up to 5 deep (Linux's limit): the sixth is ELOOP. */
static void t_script_depth(void)
{
	char line[512], name[16], want[2048];
	int n;

	snprintf(line, sizeof(line), "#!%s\n", utest_self);
	write_exec("d0", line);
	for (n = 1; n <= 5; n++) {
		snprintf(line, sizeof(line), "#!./d%d\n", n - 1);
		snprintf(name, sizeof(name), "d%d", n);
		write_exec(name, line);
	}
	snprintf(want, sizeof(want), "%s\n./d0\n./d1\n./d2\n./d3\n./d4\nx\n", utest_self);
	expect_args("./d4", (char *[]){ "d4", "x", NULL }, want);
	CHECK_EQ(exec_errno("./d5"), ELOOP);
}

static void t_exec_not_programs(void)
{
	write_exec("text", "just some text\n");
	CHECK_EQ(exec_errno("./text"), ENOEXEC);
	write_exec("empty", "");
	CHECK_EQ(exec_errno("./empty"), ENOEXEC);
	write_exec("bang", "#!\n");
	CHECK_EQ(exec_errno("./bang"), ENOEXEC);
	write_exec("blanks", "#!   \t \n");
	CHECK_EQ(exec_errno("./blanks"), ENOEXEC);
	write_exec("missing", "#!/nonexistent/interpreter -x\n");
	CHECK_EQ(exec_errno("./missing"), ENOENT);
	write_exec("textint", "#!./text\n");
	CHECK_EQ(exec_errno("./textint"), ENOEXEC);
	/* A name longer than what is looked at (256 bytes) is cut: ENOEXEC. */
	{
		char line[400] = "#!/";

		memset(line + 3, 'a', 300);
		line[303] = '\0';
		write_exec("long", line);
		CHECK_EQ(exec_errno("./long"), ENOEXEC);
	}
}

/* A copy of Debian's true whose PT_INTERP names interp (at most 27 bytes). */
static void with_interp(const char *path, const char *interp)
{
	static char buf[64 * 1024];
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	size_t n = read_file(DEB "true", buf, sizeof(buf));

	CHECK(n > 4096 && n < sizeof(buf) - 1);
	for (int i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr *ph = (Elf64_Phdr *)(buf + eh->e_phoff) + i;

		if (ph->p_type == PT_INTERP) {
			CHECK(strlen(interp) < ph->p_filesz);
			memset(buf + ph->p_offset, 0, ph->p_filesz);
			memcpy(buf + ph->p_offset, interp, strlen(interp));
		}
	}
	write_file(path, buf, n);
	OK(chmod(path, 0755));
}

static void t_exec_bad_interp(void)
{
	need_debian();
	with_interp("a", "/nonexistent/ld.so");
	CHECK_EQ(exec_errno("./a"), ENOENT);
	write_exec("/tmp/utest-ld.txt", "not an ELF file\n");
	with_interp("b", "/tmp/utest-ld.txt");
	CHECK_EQ(exec_errno("./b"), ELIBBAD);
	unlink("/tmp/utest-ld.txt");
	/* An interpreter that wants an interpreter itself. */
	with_interp("c", DEB "true");
	CHECK_EQ(exec_errno("./c"), ELIBBAD);
	/* The control: an unchanged copy runs. */
	with_interp("d", LDSO);
	expect_exit(run_capture("./d", (char *[]){ "d", NULL }, no_env, (char[64]){ 0 }, 64), 0);
}

/* A copy of this (static) program at path with its headers changed by fn (if any), cut to cut bytes (if not 0). */
static void corrupted(const char *path, void (*fn)(Elf64_Ehdr *, Elf64_Phdr *), size_t cut)
{
	static char buf[2 << 20];
	size_t n = read_file(utest_self, buf, sizeof(buf));
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;

	CHECK(n > 4096 && n < sizeof(buf) - 1);
	if (fn)
		fn(eh, (Elf64_Phdr *)(buf + eh->e_phoff));
	write_file(path, buf, cut ? cut : n);
	OK(chmod(path, 0755));
}

/* The i-th PT_LOAD entry. */
static Elf64_Phdr *load(Elf64_Ehdr *eh, Elf64_Phdr *ph, int i)
{
	for (int k = 0; k < eh->e_phnum; k++)
		if (ph[k].p_type == PT_LOAD && i-- == 0)
			return &ph[k];
	fail("no PT_LOAD %d", i);
}

static void bad_magic(Elf64_Ehdr *eh, Elf64_Phdr *ph)
{
	(void)ph;
	eh->e_ident[3] = 'G';
}
static void bad_machine(Elf64_Ehdr *eh, Elf64_Phdr *ph)
{
	(void)ph;
	eh->e_machine = EM_386;
}
static void bad_phentsize(Elf64_Ehdr *eh, Elf64_Phdr *ph)
{
	(void)ph;
	eh->e_phentsize = 32;
}
static void phoff_outside(Elf64_Ehdr *eh, Elf64_Phdr *ph)
{
	(void)ph;
	eh->e_phoff = 0x7ffffffffff0ULL;
}
static void filesz_over_memsz(Elf64_Ehdr *eh, Elf64_Phdr *ph)
{
	Elf64_Phdr *l = load(eh, ph, 1);

	l->p_filesz = l->p_memsz + 1;
}
static void offset_outside(Elf64_Ehdr *eh, Elf64_Phdr *ph)
{
	load(eh, ph, 1)->p_offset += 0x40000000;
}
static void unaligned(Elf64_Ehdr *eh, Elf64_Phdr *ph)
{
	load(eh, ph, 1)->p_offset += 8;
}
static void overlapping(Elf64_Ehdr *eh, Elf64_Phdr *ph)
{
	Elf64_Phdr *a = load(eh, ph, 1), *b = load(eh, ph, 2);

	b->p_vaddr = a->p_vaddr + ((b->p_vaddr - a->p_vaddr) & (PAGE - 1)) + PAGE;
}
static void kernel_address(Elf64_Ehdr *eh, Elf64_Phdr *ph)
{
	load(eh, ph, 1)->p_vaddr += 0xffff800000000000ULL;
}
static void no_loads(Elf64_Ehdr *eh, Elf64_Phdr *ph)
{
	for (int k = 0; k < eh->e_phnum; k++)
		if (ph[k].p_type == PT_LOAD)
			ph[k].p_type = PT_NULL;
}

static void t_exec_bad_elf(void)
{
	static const struct {
		const char *name;
		void (*fn)(Elf64_Ehdr *, Elf64_Phdr *);
		size_t cut;
	} cases[] = {
		{ "bad magic", bad_magic, 0 },
		{ "i386 machine", bad_machine, 0 },
		{ "e_phentsize 32", bad_phentsize, 0 },
		{ "program headers outside the file", phoff_outside, 0 },
		{ "truncated program headers", NULL, 100 },
		{ "truncated header", NULL, 40 },
		{ "p_filesz > p_memsz", filesz_over_memsz, 0 },
		{ "p_offset beyond the file", offset_outside, 0 },
		{ "p_vaddr and p_offset not congruent", unaligned, 0 },
		{ "overlapping segments", overlapping, 0 },
		{ "a segment in the kernel's half", kernel_address, 0 },
		{ "no PT_LOAD", no_loads, 0 },
	};
	char out[64];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int e;

		corrupted("bad", cases[i].fn, cases[i].cut);
		e = exec_errno("./bad");
		if (e != ENOEXEC)
			fail("%s: execve gave %s, not ENOEXEC", cases[i].name, errname(e));
	}
	/* The control: the unchanged copy runs (printing its arguments). */
	corrupted("good", NULL, 0);
	expect_exit(run_capture("./good", (char *[]){ "good", "1", NULL }, print_env, out, sizeof(out)), 0);
	CHECK_STR(out, "good\n1\n");
}

/* utest with UTEST_PRINT_ARGS set: argv, one per line, for the script tests. */
int print_args(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		printf("%s\n", argv[i]);
	return fflush(stdout) ? 1 : 0;
}

const struct utest exec_tests[] = {
	{ "dyn_true_false", t_dyn_true_false },
	{ "dyn_ls", t_dyn_ls },
	{ "dyn_env_cat", t_dyn_env_cat },
	{ "dyn_shells", t_dyn_shells },
	{ "dyn_auxv", t_dyn_auxv },
	{ "script_args", t_script_args },
	{ "script_depth", t_script_depth },
	{ "exec_not_programs", t_exec_not_programs },
	{ "exec_bad_interp", t_exec_bad_interp },
	{ "exec_bad_elf", t_exec_bad_elf },
	{ NULL, NULL },
};
