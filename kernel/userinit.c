/*
 * From kernel to user space: the system-call table, the root file system
 * from the initramfs, the console terminal, and process 1. The words after
 * "--" on the command line become init's arguments; init= names it.
 */
#define pr_fmt(fmt) "init: " fmt

#include <asm/process.h>
#include <kernel/bootinfo.h>
#include <kernel/console.h>
#include <kernel/cpio.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <kernel/proc.h>
#include <kernel/string.h>
#include <kernel/time.h>
#include <kernel/tty.h>
#include <asm/page.h>
#include <asm/pgtable.h>

#define MAX_INIT_ARGS 16

void syscall_table_init(void);
void start_user(const struct boot_info *bi);

static char init_path[128] = "/sbin/init";
static char arg_buf[BOOT_CMDLINE_MAX];
static const char *init_argv[MAX_INIT_ARGS + 2];
static const char *const init_envp[] = { "HOME=/", "TERM=vt100", NULL };

static int parse_init(const char *val)
{
	if (!val || val[0] != '/' || strlen(val) >= sizeof(init_path))
		return -EINVAL;
	strlcpy(init_path, val, sizeof(init_path));
	return 0;
}
kernel_param("init", parse_init);

/* Just past the first word that is exactly "--", or NULL. */
static const char *after_double_dash(const char *p)
{
	while (*p) {
		const char *start;

		while (*p == ' ')
			p++;
		start = p;
		while (*p && *p != ' ')
			p++;
		if (p - start == 2 && start[0] == '-' && start[1] == '-')
			return p;
	}
	return NULL;
}

/* argv: the program, then every blank-separated word after a lone "--". */
static void init_args(const char *cmdline)
{
	const char *dd = after_double_dash(cmdline);
	int n = 1;
	char *w;

	init_argv[0] = init_path;
	if (dd) {
		strlcpy(arg_buf, dd, sizeof(arg_buf));
		w = arg_buf;
		while (*w) {
			while (*w == ' ')
				*w++ = '\0';
			if (!*w)
				break;
			if (n > MAX_INIT_ARGS) {
				pr_warn("more than %d arguments for init; the rest are dropped\n",
					MAX_INIT_ARGS);
				break;
			}
			init_argv[n++] = w;
			while (*w && *w != ' ')
				w++;
		}
	}
	init_argv[n] = NULL;
}

void start_user(const struct boot_info *bi)
{
	int rc;

	arch_process_init();
	syscall_table_init();
	time_sys_init();
	vfs_init();
	for (u32 i = 0; i < bi->nr_modules; i++) {
		const struct boot_module *m = &bi->modules[i];

		/* initramfs_check() has already said what is wrong with a bad one. */
		if (direct_map_covers(m->base, m->len) &&
		    cpio_walk(phys_to_virt(m->base), m->len, NULL, NULL, NULL, NULL) >= 0)
			initramfs_unpack(phys_to_virt(m->base), m->len);
	}
	tty_init();
	console_input_start(); /* typed bytes now reach the terminal */

	init_args(bi->cmdline);
	rc = spawn_init(init_path, init_argv, init_envp);
	if (rc)
		pr_err("cannot start %s: error %d; the kernel idles\n", init_path, rc);
}
