#!/usr/bin/env bash
# The Catch2 suite built with AddressSanitizer and UndefinedBehaviorSanitizer
# (clang), run against the scripted fault server and the real servers. Any
# report fails the run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
make -j"$(nproc)" BUILD=build-asan CXX=clang++ \
  CXXFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
  LDFLAGS="-fsanitize=address,undefined" build-asan/smtp_tests >/dev/null
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
build-asan/smtp_tests
