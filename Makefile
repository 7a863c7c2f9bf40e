# pvkernel: one x86_64 kernel image for bare metal, QEMU and Xen (PV, PVH).
# `make help` lists the targets.

O ?= build
# Objects live apart from the products, so build/kernel can be the image.
OBJ = $(O)/obj
Q ?= @
SRC := $(CURDIR)

CC := gcc
LD := ld
NM := nm
OBJCOPY := objcopy
HOSTCC := cc

KCONFIG_CONF := kconfig-conf
KCONFIG_MCONF := kconfig-mconf
DOTCONFIG := $(O)/.config
AUTOCONF := $(O)/include/generated/autoconf.h
AUTOCONF_MK := $(O)/include/config/auto.conf
DEFCONFIG := arch/x86/configs/defconfig
KCONFIG_FILES := Kconfig $(shell find arch kernel mm lib drivers fs net -name Kconfig 2>/dev/null)

.DEFAULT_GOAL := all

# Targets that need no configuration.
NOCONFIG_GOALS := help clean distclean deps defconfig allyesconfig allnoconfig \
	menuconfig olddefconfig savedefconfig unit xenhost format
ifneq ($(filter-out $(NOCONFIG_GOALS),$(or $(MAKECMDGOALS),all)),)
-include $(AUTOCONF_MK)
endif

# ---------------------------------------------------------------- config

kconfig = $(Q)mkdir -p $(O)/include/config $(O)/include/generated && \
	cd $(O) && srctree=$(SRC) KCONFIG_CONFIG=.config $(KCONFIG_CONF) $(1) $(SRC)/Kconfig

$(DOTCONFIG):
	@echo "  CONFIG  $(DEFCONFIG) (no $(DOTCONFIG) yet)"
	$(Q)mkdir -p $(O)
	$(call kconfig,--defconfig=$(SRC)/$(DEFCONFIG)) >/dev/null

# --olddefconfig answers new symbols with defaults; --silentoldconfig then
# writes autoconf.h and auto.conf without asking anything.
$(AUTOCONF_MK) $(AUTOCONF): $(DOTCONFIG) $(KCONFIG_FILES)
	$(call kconfig,--olddefconfig) >/dev/null
	$(call kconfig,--silentoldconfig) </dev/null
	$(Q)touch $(AUTOCONF_MK) $(AUTOCONF)

defconfig:
	$(Q)mkdir -p $(O)
	$(call kconfig,--defconfig=$(SRC)/$(DEFCONFIG))
allyesconfig allnoconfig olddefconfig:
	$(Q)mkdir -p $(O)
	$(call kconfig,--$@)
menuconfig: | $(DOTCONFIG)
	$(Q)cd $(O) && srctree=$(SRC) KCONFIG_CONFIG=.config $(KCONFIG_MCONF) $(SRC)/Kconfig
savedefconfig: $(DOTCONFIG)
	$(call kconfig,--savedefconfig=defconfig)
	@echo "  wrote $(O)/defconfig (copy it to $(DEFCONFIG) to make it the default)"

# ---------------------------------------------------------------- objects

DIRS := arch/x86/boot arch/x86/kernel arch/x86/mm arch/x86/lib arch/x86/xen kernel kernel/selftest mm lib fs drivers/tty drivers/xen net

# Each directory's Makefile adds its objects to obj-y, named relative to it;
# pv_ops backends also name their assembly with inline forms (pv-inline-y,
# <asm/pv_inline.h>) and their C file with the backend's table (pv-backend-y).
define include-dir
obj-y :=
pv-inline-y :=
pv-backend-y :=
include $(1)/Makefile
KOBJS += $$(addprefix $(OBJ)/$(1)/,$$(obj-y))
PV_INLINE_OBJS += $$(addprefix $(OBJ)/$(1)/,$$(pv-inline-y))
PV_BACKEND_OBJS += $$(addprefix $(OBJ)/$(1)/,$$(pv-backend-y))
endef
KOBJS :=
PV_INLINE_OBJS :=
PV_BACKEND_OBJS :=
$(foreach d,$(DIRS),$(eval $(call include-dir,$(d))))
KOBJS += $(OBJ)/arch/x86/kernel/vectors.o

GCC_INCLUDE := $(shell $(CC) -print-file-name=include)
CPPFLAGS := -nostdinc -isystem $(GCC_INCLUDE) -Iinclude -Iinclude/uapi -Iarch/x86/include \
	-I$(O)/include -include $(AUTOCONF) -MMD -MP
CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-pic -fno-pie -mcmodel=kernel \
	-mno-red-zone -mgeneral-regs-only -fno-stack-protector -fno-common \
	-fno-omit-frame-pointer -mno-omit-leaf-frame-pointer \
	-fno-asynchronous-unwind-tables -fcf-protection=none \
	-Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers \
	-Wstrict-prototypes -Wmissing-prototypes -Wshadow
ifeq ($(CONFIG_RETPOLINE),y)
CFLAGS += -mindirect-branch=thunk -mindirect-branch-register -mfunction-return=keep
endif
ASFLAGS := -D__ASSEMBLY__ -Wa,--noexecstack
LDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack --build-id=none \
	--no-warn-rwx-segments

$(O)/include/xen:
	$(Q)mkdir -p $(O)/include
	$(Q)test -f /usr/include/xen/xen.h || { echo "error: Xen headers missing: run scripts/setup.sh (package libxen-dev)"; exit 1; }
	$(Q)ln -sfn /usr/include/xen $@

BUILD_INFO := $(shell git describe --always --dirty 2>/dev/null || echo unknown), gcc $(shell $(CC) -dumpversion)
$(OBJ)/kernel/main.o: CFLAGS += -DKERNEL_BUILD_INFO='"$(BUILD_INFO)"'

# Every site of a pv_ops op is as long as the op's longest inline form, read
# from the backends' assembly (scripts/gen-pv-sites.sh); C includes the result.
PV_SITES_H := $(O)/include/generated/pv_sites.h
$(PV_SITES_H): $(PV_INLINE_OBJS) scripts/gen-pv-sites.sh arch/x86/include/asm/pv_ops_list.h
	@echo "  GEN     $@"
	$(Q)mkdir -p $(dir $@)
	$(Q)sh scripts/gen-pv-sites.sh $(CC) $(NM) $(PV_INLINE_OBJS) > $@.tmp && mv $@.tmp $@
$(OBJ)/arch/x86/kernel/paravirt_retpoline.o: $(PV_SITES_H)
# A backend's table is PV_NATIVE_OPS with the ops it changes written after them.
$(PV_BACKEND_OBJS): CFLAGS += -Wno-override-init

$(OBJ)/%.o: %.c $(AUTOCONF) $(PV_SITES_H) | $(O)/include/xen
	@echo "  CC      $<"
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(OBJ)/%.o: %.S $(AUTOCONF) | $(O)/include/xen
	@echo "  AS      $<"
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(ASFLAGS) -c $< -o $@

$(OBJ)/arch/x86/kernel/vectors.S: scripts/gen-vectors.sh
	$(Q)mkdir -p $(dir $@)
	$(Q)sh $< > $@
$(OBJ)/arch/x86/kernel/vectors.o: $(OBJ)/arch/x86/kernel/vectors.S $(AUTOCONF)
	@echo "  AS      $<"
	$(Q)$(CC) $(CPPFLAGS) $(ASFLAGS) -c $< -o $@

$(OBJ)/kernel.lds: arch/x86/kernel/kernel.lds.S $(AUTOCONF)
	$(Q)mkdir -p $(OBJ)
	$(Q)$(CC) -E -P -x c -nostdinc -include $(AUTOCONF) $< -o $@

# ---------------------------------------------------------------- link
# Two links: the first gives the addresses for the symbol table, the
# second carries it. The table comes after all text, so text does not move;
# scripts/kallsyms.sh's output is checked against the final image.

$(OBJ)/kallsyms0.S:
	$(Q)mkdir -p $(OBJ)
	$(Q)sh scripts/kallsyms.sh </dev/null > $@

$(OBJ)/.tmp_kernel: $(KOBJS) $(OBJ)/kallsyms0.o $(OBJ)/kernel.lds
	@echo "  LD      $@"
	$(Q)$(LD) $(LDFLAGS) -T $(OBJ)/kernel.lds -o $@ $(KOBJS) $(OBJ)/kallsyms0.o

$(OBJ)/kallsyms.S: $(OBJ)/.tmp_kernel scripts/kallsyms.sh
	$(Q)if [ "$(CONFIG_KALLSYMS)" = y ]; then $(NM) -n $< | sh scripts/kallsyms.sh; \
	else sh scripts/kallsyms.sh </dev/null; fi > $@

$(O)/kernel: $(KOBJS) $(OBJ)/kallsyms.o $(OBJ)/kernel.lds
	@echo "  LD      $@"
	$(Q)$(LD) $(LDFLAGS) -T $(OBJ)/kernel.lds -o $@ $(KOBJS) $(OBJ)/kallsyms.o
	$(Q)$(NM) -n $(OBJ)/.tmp_kernel | awk '$$2 ~ /^[tTwW]$$/' > $(OBJ)/.syms1
	$(Q)$(NM) -n $@ | awk '$$2 ~ /^[tTwW]$$/' > $(OBJ)/.syms2
	$(Q)cmp -s $(OBJ)/.syms1 $(OBJ)/.syms2 || { echo "error: text moved between the two links"; rm -f $@; exit 1; }
	@echo "  KERNEL  $@ ($$(stat -c %s $@) bytes)"

all: $(O)/kernel

-include $(shell find $(OBJ) $(O)/unit -name '*.d' 2>/dev/null)

# ---------------------------------------------------------------- run, iso, tests

QEMU_ARGS ?=
CMDLINE ?=

deps:
	$(Q)sh scripts/setup.sh

# User space: musl programs from user/, Debian's busybox-static, packed as a cpio.
USER_O := $(abspath $(O))/user
user:
	$(Q)$(MAKE) --no-print-directory -C user O=$(USER_O)

# DEBIAN_PKGS are the Debian 12 packages put into the initramfs, with the
# shared libraries they need (scripts/fetch-debian.sh): programs under
# /debian/bin, the rest at Debian's paths. A package whose files a program
# needs is named too (python3.11-minimal, libpython3.11-minimal): of the
# packages they depend on, only shared libraries come along.
# DEBIAN=n leaves them all out (about 35 MB), and the tests that run them skip.
DEBIAN ?= y
DEBIAN_PKGS ?= coreutils dash bash findutils grep sed gawk tar gzip xz-utils \
	python3-minimal python3.11-minimal libpython3.11-minimal libpython3.11-stdlib
ifeq ($(DEBIAN),y)
DEBIAN_ROOT := $(abspath $(O))/debian/root
endif
$(O)/initramfs.cpio: user scripts/mkinitramfs.sh scripts/fetch-debian.sh
ifeq ($(DEBIAN),y)
	$(Q)sh scripts/fetch-debian.sh $(O)/debian "$(DEBIAN_PKGS)"
endif
	$(Q)DEBIAN_ROOT=$(DEBIAN_ROOT) sh scripts/mkinitramfs.sh $(O) $(USER_O)

initramfs: $(O)/initramfs.cpio

# The dom0 initramfs (scripts/mkdom0.sh, Documentation/xen-dom0.md): the
# same busybox and musl programs, Debian 12's Xen toolstack DOM0_PKGS with
# their shared libraries instead of DEBIAN_PKGS, and user/dom0/ (rcS, the
# xencommons steps that init runs before the shell; xl.conf).
DOM0_PKGS ?= xen-utils-4.17 xen-utils-common xenstore-utils bash coreutils util-linux iproute2
$(O)/dom0/initramfs.cpio: user scripts/mkdom0.sh scripts/mkinitramfs.sh scripts/fetch-debian.sh \
		$(wildcard user/dom0/*)
	$(Q)sh scripts/mkdom0.sh $(O)/dom0 $(USER_O) "$(DOM0_PKGS)"

dom0: $(O)/dom0/initramfs.cpio

# Guests for that dom0 (scripts/mkguests.sh): our kernel and Debian's Linux
# with xl configurations, as an archive for EXTRA_INITRD= (in dom0:
# /root/guests; xl create /root/guests/ours-pv.cfg). Needs make xenhost's Linux.
guests: all user
	$(Q)bash scripts/xen/mkhost.sh $(O)/xenhost
	$(Q)sh scripts/mkguests.sh $(O)/dom0 $(O)/kernel $(USER_O) $(O)/xenhost

# DOM0=xl (with XEN=pv or XEN=pvh): run boots the dom0 initramfs instead,
# with dom0 at a fixed size (Xen's dom0_mem=DOM0_MEM) and the rest of the
# machine's QEMU_MEM MiB left to Xen for guests: xl.conf says
# autoballoon="off", so xl create never shrinks dom0.
DOM0 ?=
ifeq ($(DOM0),xl)
BASE_INITRD := $(O)/dom0/initramfs.cpio
BASE_INITRD_TARGET := dom0
DOM0_MEM ?= 512M,max:512M
QEMU_MEM ?= 2048
RUN_ENV := DOM0_MEM=$(DOM0_MEM) QEMU_MEM=$(QEMU_MEM)
# A PVH dom0 with guests beside it under QEMU's TCG keeps AVX off: TCG does
# not intercept its XSETBV, so Xen saves and restores its registers as
# x87 | SSE only (Documentation/xen-dom0.md).
PVH_DOM0_ARGS := xsave=sse 
else ifneq ($(DOM0),)
$(error DOM0=$(DOM0): use DOM0=xl (Debian's Xen toolstack in dom0), or nothing)
else
BASE_INITRD := $(O)/initramfs.cpio
BASE_INITRD_TARGET := initramfs
RUN_ENV :=
PVH_DOM0_ARGS :=
endif

# EXTRA_INITRD=FILE.cpio (newc archives, several separated by spaces) is
# appended to the initramfs for run and iso: the kernel unpacks archives
# one after another, later files replacing earlier ones.
EXTRA_INITRD ?=
ifneq ($(strip $(EXTRA_INITRD)),)
RUN_INITRD := $(basename $(BASE_INITRD))-extra.cpio
$(RUN_INITRD): $(BASE_INITRD) $(EXTRA_INITRD)
	$(Q)cat $(BASE_INITRD) $(EXTRA_INITRD) >$@
else
RUN_INITRD := $(BASE_INITRD)
endif

iso: $(O)/kernel $(RUN_INITRD)
	$(Q)bash scripts/xen/fetch-xen.sh $(O)/xen || echo "iso: no Xen 4.17 at hand; the ISO gets no Xen entry"
	$(Q)sh scripts/mkiso.sh $(O) "$(CMDLINE)" $(O)/pvkernel.iso $(RUN_INITRD)

# XEN=pv or XEN=pvh boots Debian's Xen 4.17 in QEMU instead, with the kernel
# as its PV or PVH dom0. QEMU_ARGS='...' reaches QEMU in every mode.
XEN ?=
run: deps
	$(Q)$(MAKE) --no-print-directory all $(BASE_INITRD_TARGET) $(RUN_INITRD)
ifeq ($(XEN),pvh)
	$(Q)bash scripts/xen/fetch-xen.sh $(O)/xen
	$(Q)$(RUN_ENV) QEMU_EXTRA_ARGS="$(QEMU_ARGS)" sh scripts/xen/run-xen.sh --pvh $(O)/xen/xen-4.17 $(O)/kernel "$(PVH_DOM0_ARGS)$(CMDLINE)" $(RUN_INITRD)
else ifeq ($(XEN),pv)
	$(Q)bash scripts/xen/fetch-xen.sh $(O)/xen
	$(Q)$(RUN_ENV) QEMU_EXTRA_ARGS="$(QEMU_ARGS)" sh scripts/xen/run-xen.sh $(O)/xen/xen-4.17 $(O)/kernel "$(CMDLINE)" $(RUN_INITRD)
else ifneq ($(XEN),)
	$(error XEN=$(XEN): use XEN=pv or XEN=pvh)
else ifneq ($(DOM0),)
	$(error DOM0=$(DOM0) needs Xen: make run XEN=pv DOM0=xl or XEN=pvh DOM0=xl)
else
	$(Q)sh scripts/run-qemu.sh $(O)/kernel "$(CMDLINE)" -initrd $(RUN_INITRD) $(QEMU_ARGS)
endif

# Host unit tests: tests/unit/NAME.mk adds NAME to UNIT_TESTS and lists the
# kernel sources tests/unit/test_NAME.c is linked with.
UNIT_TESTS :=
include $(wildcard tests/unit/*.mk)
UNIT_O := $(O)/unit
UNIT_CFLAGS := -std=gnu11 -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
	-Wall -Wextra -Werror -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=0 -DUNIT_TEST \
	-Iinclude -Iarch/x86/include -I$(O)/include -MMD -MP
UNIT_KFLAGS := $(UNIT_CFLAGS) -fno-builtin -include tests/unit/host.h
UNIT_COMMON := lib/string.c lib/vsprintf.c

$(UNIT_O)/k/%.o: %.c | $(O)/include/xen
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(UNIT_KFLAGS) -c $< -o $@
$(UNIT_O)/harness.o: tests/unit/harness.c tests/unit/unit.h
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(UNIT_CFLAGS) -c $< -o $@

define unit-rule
$(UNIT_O)/test_$(1): $(UNIT_O)/k/tests/unit/test_$(1).o $$(patsubst %.c,$(UNIT_O)/k/%.o,$$(unit-$(1)-srcs) $(UNIT_COMMON)) $(UNIT_O)/harness.o
	@echo "  HOSTLD  $$@"
	$(Q)$(HOSTCC) -fsanitize=address,undefined -o $$@ $$^
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit-rule,$(t))))

# U=PROG[:CASE] runs one program (test_ optional) or one case of it:
# make unit U=mm:split_merge. Several, separated by spaces or commas.
U ?=
comma := ,
unit-specs := $(subst $(comma), ,$(U))
unit-prog = $(patsubst test_%,%,$(firstword $(subst :, ,$(1))))
unit-case = $(word 2,$(subst :, ,$(1)))
UNIT_RUN := $(if $(U),$(foreach u,$(unit-specs),$(call unit-prog,$(u))),$(UNIT_TESTS))
UNIT_UNKNOWN := $(filter-out $(UNIT_TESTS),$(UNIT_RUN))
unit: $(patsubst %,$(UNIT_O)/test_%,$(sort $(filter $(UNIT_TESTS),$(UNIT_RUN))))
ifneq ($(UNIT_UNKNOWN),)
	@echo "unit: no unit-test program $(UNIT_UNKNOWN) (U=PROG[:CASE]; programs: $(UNIT_TESTS))"; exit 1
endif
	$(Q)sh scripts/run-unit.sh $(if $(U),$(foreach u,$(unit-specs),$(UNIT_O)/test_$(call unit-prog,$(u))$(if $(call unit-case,$(u)),:$(call unit-case,$(u)))),$^)

# The Xen test host: Xen 4.17, Debian's Linux as PV dom0 and its initramfs,
# all from Debian's archive (Documentation/xen-testhost.md). Not part of test.
xenhost:
	$(Q)bash scripts/xen/mkhost.sh $(O)/xenhost

bench: deps
	$(Q)bash scripts/bench.sh

# T=AREA[,AREA...] runs only those areas of the suite (tests/run.sh --list
# names them; for check too, instead of its quick set), K=PATTERN only the
# checks whose name holds it.
T ?=
K ?=
RUN_ARGS = $(if $(K),-k "$(K)") $(subst $(comma), ,$(T))

check: deps
	$(Q)bash tests/run.sh $(if $(T),,--quick) $(RUN_ARGS)

test: deps
	$(Q)bash tests/run.sh $(RUN_ARGS)

# Rewrites the C files in place to .clang-format (check: make check, or
# scripts/check-format.sh).
format:
	$(Q)bash scripts/check-format.sh --fix

clean:
	$(Q)rm -rf $(OBJ) $(O)/unit $(O)/kernel $(O)/*.iso $(O)/tests

distclean:
	$(Q)rm -rf $(O)

help:
	@echo "pvkernel make targets:"
	@echo "  all (default)  build $(O)/kernel (configures from $(DEFCONFIG) if there is no $(DOTCONFIG))"
	@echo "  run            install missing packages, build, boot in QEMU to a busybox shell on this terminal"
	@echo "                 (CMDLINE='...' adds kernel options, QEMU_ARGS='...' QEMU options; quit: Ctrl-A X)"
	@echo "                 XEN=pv / XEN=pvh: under Xen 4.17 (in QEMU) as its PV / PVH dom0; Ctrl-A A three times switches"
	@echo "                 the serial input between Xen and the kernel"
	@echo "                 DOM0=xl (with XEN=pv or XEN=pvh): boot the dom0 initramfs of make dom0: xenstored,"
	@echo "                 xen-init-dom0, xenconsoled started, then a shell; dom0_mem=DOM0_MEM (default"
	@echo "                 512M,max:512M) of QEMU_MEM=2048 MiB, the rest free for xl create (Documentation/xen-dom0.md)"
	@echo "                 EXTRA_INITRD=FILE.cpio appends archives to the initramfs (every mode): programs,"
	@echo "                 guest kernels, configs, without a rebuild (Documentation/userland.md)"
	@echo "  user           the musl user programs of user/ into $(O)/user"
	@echo "  initramfs      user programs (musl) + Debian busybox-static, and with DEBIAN=y (the"
	@echo "                 default) the Debian 12 packages DEBIAN_PKGS with their shared libraries,"
	@echo "                 programs under /debian/bin, as $(O)/initramfs.cpio"
	@echo "                 (scripts/fetch-debian.sh; DEBIAN=n leaves them out)"
	@echo "  dom0           the dom0 initramfs $(O)/dom0/initramfs.cpio: busybox, the musl programs and"
	@echo "                 Debian 12's Xen toolstack DOM0_PKGS (xl, xenstored, xenconsoled, the hotplug"
	@echo "                 scripts, bash, coreutils, util-linux, iproute2) with their libraries, and"
	@echo "                 user/dom0/rcS, which starts them at boot (scripts/mkdom0.sh)"
	@echo "  guests         $(O)/dom0/guests.cpio for that dom0: our kernel and Debian's Linux (make xenhost)"
	@echo "                 with xl configurations in /root/guests (scripts/mkguests.sh); boot it with"
	@echo "                 make run XEN=pv DOM0=xl EXTRA_INITRD=$(O)/dom0/guests.cpio, then xl create /root/guests/ours-pv.cfg"
	@echo "  iso            bootable GRUB ISO (BIOS and UEFI) with the initramfs, and an entry for"
	@echo "                 Xen 4.17 with the kernel as PV dom0 and as PVH dom0: $(O)/pvkernel.iso"
	@echo "  test           the whole suite: unit tests, config builds, QEMU and GRUB boots, Xen PV/PVH"
	@echo "                 dom0 boots, PV and PVH domUs under xl on the Linux dom0 test host, formatting;"
	@echo "                 ends with 'N passed, N failed, N skipped' (Documentation/testing.md)"
	@echo "                 T=AREA[,AREA]: only those areas (e.g. T=xen-pv; tests/run.sh --list names them)"
	@echo "                 K=PATTERN: only the checks whose name holds PATTERN (tests/run.sh -k)"
	@echo "  check          the quick loop: unit tests, one native boot, user space, a shell session,"
	@echo "                 the formatting of the C files (T= and K= as for test)"
	@echo "  unit           host unit tests only (ASan + UBSan); U=PROG[:CASE] runs one program or one"
	@echo "                 case, e.g. U=mm:split_merge"
	@echo "  format         rewrite the C files to .clang-format (scripts/check-format.sh --fix)"
	@echo "  xenhost        Xen test host with a Linux dom0 in $(O)/xenhost, from Debian's archive"
	@echo "                 (boot it: scripts/xen/run-host.sh; check it: scripts/xen/test-host.sh)"
	@echo "  bench          pv_ops and lmbench-style microbenchmarks under QEMU -icount, native and under"
	@echo "                 Xen PV/PVH dom0, hypercalls per operation: $(O)/bench/pvops.{csv,md,svg}; the"
	@echo "                 kernel as a PV and PVH domU beside Linux as the same on the Linux dom0 test host (disk,"
	@echo "                 ping, UDP, xl create to init): $(O)/bench/domu.{csv,md,svg}; xl create of the"
	@echo "                 same guests with our PV dom0 (make dom0) and with Linux's: $(O)/bench/dom0.{csv,md}"
	@echo "                 (scripts/bench.sh domu or dom0 runs that part alone)"
	@echo "  deps           install what is missing from Debian (as root), or print the apt-get line"
	@echo "  defconfig      $(DOTCONFIG) from $(DEFCONFIG)"
	@echo "  menuconfig     edit $(DOTCONFIG) in a menu"
	@echo "  olddefconfig   update $(DOTCONFIG), new options at their defaults"
	@echo "  savedefconfig  minimal config to $(O)/defconfig"
	@echo "  allyesconfig   every option on;  allnoconfig: every option off"
	@echo "  clean          remove build products, keep $(DOTCONFIG)"
	@echo "  distclean      remove $(O) entirely"
	@echo "Variables: O=DIR builds in DIR (default build), Q= shows commands."
	@echo "  DEBIAN_PKGS=\"...\" the Debian packages of the initramfs (default: $(DEBIAN_PKGS))"
	@echo "  DOM0_PKGS=\"...\" the Debian packages of the dom0 initramfs (default: $(DOM0_PKGS))"

.PHONY: all defconfig allyesconfig allnoconfig olddefconfig menuconfig savedefconfig \
	deps user initramfs dom0 guests iso run unit bench check test clean distclean help xenhost format
