# The C++ core on its own: a static library and the Catch2 test binary.
# The PHP extension (config.m4) compiles the same src/**/*.cpp files.
# Sources include each other by their path under src/ ("smtp/session.h").
CXX      ?= g++
CXXFLAGS ?= -O2 -g
# Always on, even when CXXFLAGS is given on the command line (sanitizer builds).
STD_FLAGS := -std=c++17 -Wall -Wextra -Wpedantic -fPIC
LDLIBS   += -lssl -lcrypto -lidn2 -lpthread
BUILD    ?= build

SRC   := $(wildcard src/*.cpp src/*/*.cpp)
OBJ   := $(SRC:src/%.cpp=$(BUILD)/src/%.o)
TSRC  := $(wildcard tests/*.cpp)
TOBJ  := $(TSRC:tests/%.cpp=$(BUILD)/tests/%.o)

.PHONY: all core test unit ext clean demo demo-stop bench
all: $(BUILD)/libsmtpcore.a $(BUILD)/smtp_tests

$(BUILD)/libsmtpcore.a: $(OBJ)
	ar rcs $@ $^

$(BUILD)/smtp_tests: $(TOBJ) $(BUILD)/libsmtpcore.a
	$(CXX) $(STD_FLAGS) $(CXXFLAGS) -o $@ $(TOBJ) $(BUILD)/libsmtpcore.a $(LDFLAGS) $(LDLIBS)

$(BUILD)/src/%.o: src/%.cpp
	@mkdir -p $(dir $@)
	$(CXX) $(STD_FLAGS) $(CXXFLAGS) -Isrc -MMD -MP -c -o $@ $<

$(BUILD)/tests/%.o: tests/%.cpp
	@mkdir -p $(dir $@)
	$(CXX) $(STD_FLAGS) $(CXXFLAGS) -Isrc -MMD -MP -c -o $@ $<

# Fast unit tests only (no servers).
unit: $(BUILD)/smtp_tests
	scripts/test-ca.sh
	$(BUILD)/smtp_tests '~[server]'

# Everything: see scripts/test.sh.
test:
	scripts/test.sh

# The WordPress demo (Ctrl-C stops it) and the benchmark table.
demo:
	scripts/demo.sh

demo-stop:
	scripts/demo.sh stop

bench:
	bench/run.sh

clean:
	rm -rf $(BUILD)

-include $(OBJ:.o=.d) $(TOBJ:.o=.d)
