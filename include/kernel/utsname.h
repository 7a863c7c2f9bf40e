/*
 * The system's names as uname(2) returns them (kernel/sys.c owns them;
 * sethostname and setdomainname change two of them). /proc/version and
 * /proc/sys/kernel read them here.
 */
#ifndef KERNEL_UTSNAME_H
#define KERNEL_UTSNAME_H

#define UTS_LEN 65

/* Linux's struct new_utsname: six NUL-terminated fields of 65 bytes. */
struct utsname {
	char sysname[UTS_LEN];
	char nodename[UTS_LEN];
	char release[UTS_LEN];
	char version[UTS_LEN];
	char machine[UTS_LEN];
	char domainname[UTS_LEN];
};

/* A consistent copy of the names (taken with interrupts off). */
void utsname_get(struct utsname *out);

#endif
