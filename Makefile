# Sluice build entry points. Everything goes through CMake + Ninja (ccache when present), at most
# two compile jobs.
BUILD_DIR ?= build
JOBS ?= 2
CMAKE_FLAGS ?=
# ccache hashes paths relative to the checkout, so clones share cached objects.
export CCACHE_BASEDIR := $(CURDIR)

.PHONY: deps configure build test unit-test sql-test differential-test run bench format lint clean

deps:
	@scripts/setup-deps

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

configure: $(BUILD_DIR)/build.ninja

build: deps configure
	ninja -C $(BUILD_DIR) -j $(JOBS) sluice

# Every test: unit tests (GoogleTest via ctest), the golden SQL corpus, DuckDB differential checks.
test: deps configure
	ninja -C $(BUILD_DIR) -j $(JOBS)
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

run: build
	$(BUILD_DIR)/bin/sluice run examples/pv_uv.sql

bench: deps configure
	ninja -C $(BUILD_DIR) -j $(JOBS) sluice_bench
	$(BUILD_DIR)/bench/sluice_bench --benchmark_min_time=1

format:
	find src tests bench -name '*.h' -o -name '*.cc' | xargs clang-format -i

lint: configure
	find src -name '*.cc' | xargs clang-tidy -p $(BUILD_DIR) --quiet

clean:
	rm -rf $(BUILD_DIR)
