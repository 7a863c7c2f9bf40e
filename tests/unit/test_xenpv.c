/* Host tests of the Xen PV start_info parser. */
#include "../../arch/x86/xen/xen-ops.h"
#include <kernel/errno.h>

#include "unit.h"

#define VB 0xffffffff80000000ULL

static void fill(struct start_info *si)
{
	memset(si, 0, sizeof(*si));
	strcpy(si->magic, "xen-3.0-x86_64p");
	si->nr_pages = 65536; /* 256 MiB */
	si->flags = SIF_INITDOMAIN | SIF_PRIVILEGED;
	si->pt_base = VB + 0x42a000;
	si->nr_pt_frames = 7;
	si->mfn_list = VB + 0x3a9000;
	si->mod_start = VB + 0x15d000;
	si->mod_len = 2408448;
	strcpy((char *)si->cmd_line, "loglevel=7 -- test");
}

static void test_dom0(void)
{
	struct start_info si;
	struct boot_info bi;
	const char *err = "unset";

	fill(&si);
	CHECK_EQ(bootinfo_parse_xen_pv(&bi, &si, VB, 0x100000, &err), 0);
	CHECK(err == NULL);
	CHECK_STR(bi.loader, "xen-pv");
	CHECK_STR(bi.cmdline, "loglevel=7 -- test");
	CHECK_EQ(bi.nr_mem, 1);
	CHECK_EQ(bi.mem[0].len, 65536ULL * 4096);
	CHECK_EQ(bi.mem[0].type, BOOT_MEM_USABLE);
	/* Kernel start to the end of the bootstrap tables and Xen's stack page is kept. */
	CHECK_EQ(bi.keep_base, 0x100000);
	CHECK_EQ(bi.keep_base + bi.keep_len, 0x42a000 + 7 * 4096 + 4096);
	CHECK_EQ(bi.nr_modules, 1);
	CHECK_EQ(bi.modules[0].base, 0x15d000);
	CHECK_EQ(bi.modules[0].len, 2408448);
	CHECK(strstr(bi.loader_name, "dom0") != NULL);
}

static void test_module_by_pfn(void)
{
	struct start_info si;
	struct boot_info bi;
	const char *err;

	fill(&si);
	si.flags |= SIF_MOD_START_PFN;
	si.mod_start = 0x2000; /* pfn */
	CHECK_EQ(bootinfo_parse_xen_pv(&bi, &si, VB, 0x100000, &err), 0);
	CHECK_EQ(bi.modules[0].base, 0x2000ULL << 12);
	/* A module beyond the domain's memory is dropped with a warning. */
	si.mod_start = 0x100000;
	CHECK_EQ(bootinfo_parse_xen_pv(&bi, &si, VB, 0x100000, &err), 0);
	CHECK_EQ(bi.nr_modules, 0);
	CHECK_EQ(bi.nr_warnings, 1);
}

static void test_refusals(void)
{
	struct start_info si;
	struct boot_info bi;
	const char *err;

	fill(&si);
	strcpy(si.magic, "not-xen");
	CHECK_EQ(bootinfo_parse_xen_pv(&bi, &si, VB, 0x100000, &err), -EINVAL);
	CHECK(err != NULL);
	fill(&si);
	si.nr_pages = 0;
	CHECK_EQ(bootinfo_parse_xen_pv(&bi, &si, VB, 0x100000, &err), -EINVAL);
	fill(&si);
	si.pt_base = 0x1000; /* below VIRT_BASE */
	CHECK_EQ(bootinfo_parse_xen_pv(&bi, &si, VB, 0x100000, &err), -EINVAL);
	fill(&si);
	si.nr_pages = 100; /* bootstrap area beyond memory */
	CHECK_EQ(bootinfo_parse_xen_pv(&bi, &si, VB, 0x100000, &err), -EINVAL);
	/* An unterminated command line is cut and reported, not overrun. */
	fill(&si);
	memset(si.cmd_line, 'x', sizeof(si.cmd_line));
	CHECK_EQ(bootinfo_parse_xen_pv(&bi, &si, VB, 0x100000, &err), 0);
	CHECK_EQ(strlen(bi.cmdline), BOOT_CMDLINE_MAX - 1);
	CHECK(bi.nr_warnings >= 1);
}

/* A domain of more than 4 GiB boots on its first 4 GiB, with a warning. */
static void test_big_domain(void)
{
	struct start_info si;
	struct boot_info bi;
	const char *err;

	fill(&si);
	si.nr_pages = 1280000; /* 5000 MiB */
	CHECK_EQ(bootinfo_parse_xen_pv(&bi, &si, VB, 0x100000, &err), 0);
	CHECK_EQ(bi.nr_mem, 1);
	CHECK_EQ(bi.mem[0].len, 4ULL << 30);
	CHECK_EQ(bi.nr_warnings, 1);
	fill(&si);
	si.nr_pages = 1UL << 20; /* exactly 4 GiB: no warning */
	CHECK_EQ(bootinfo_parse_xen_pv(&bi, &si, VB, 0x100000, &err), 0);
	CHECK_EQ(bi.mem[0].len, 4ULL << 30);
	CHECK_EQ(bi.nr_warnings, 0);
}

static const struct unit_case cases[] = {
	{ "big_domain", test_big_domain },
	{ "dom0", test_dom0 },
	{ "module_by_pfn", test_module_by_pfn },
	{ "refusals", test_refusals },
};
UNIT_MAIN(cases)
