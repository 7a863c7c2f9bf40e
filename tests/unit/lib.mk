UNIT_TESTS += lib
unit-lib-srcs :=
