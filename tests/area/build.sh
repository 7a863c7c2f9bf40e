# The default build (arch/x86/configs/defconfig). Every boot needs it, so a
# failure stops the run.
area_doc "the default build: build/kernel" "25 s from clean"

if check "build" build; then
	pass "build ($O/kernel, $(stat -c %s $O/kernel) bytes)"
fi
