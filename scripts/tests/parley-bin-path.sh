#!/usr/bin/env bash
# Checks that scripts/parley-bin.sh finds the server binary for the default target directory,
# a relative CARGO_TARGET_DIR and an absolute one, from any working directory. The README's
# test command once looked one folder above the clone for it and only CI's absolute path worked.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
sandbox="$(mktemp -d)"
trap 'rm -rf "$sandbox"' EXIT

# A stand-in clone: the real script, and fake binaries where cargo would put them.
clone="$sandbox/clone"
mkdir -p "$clone/scripts" "$clone/end2end"
cp "$here/parley-bin.sh" "$clone/scripts/"
for dir in "$clone/target" "$clone/build/rel" "$sandbox/abs"; do
  mkdir -p "$dir/debug" "$dir/release"
  touch "$dir/debug/parley" "$dir/release/parley"
  chmod +x "$dir/debug/parley" "$dir/release/parley"
done

failures=0
check() { # name, expected path, command...
  local name="$1" expected="$2"; shift 2
  local got
  got="$("$@")"
  if [ "$got" = "$expected" ] && [ -x "$got" ]; then
    echo "ok: $name"
  else
    echo "FAIL: $name: got '$got', expected the existing file '$expected'"
    failures=$((failures + 1))
  fi
}

bin="$clone/scripts/parley-bin.sh"
check "default, from the root" "$clone/target/debug/parley" \
  env -u CARGO_TARGET_DIR bash -c "cd '$clone' && bash scripts/parley-bin.sh"
check "default, from end2end/" "$clone/target/debug/parley" \
  env -u CARGO_TARGET_DIR bash -c "cd '$clone/end2end' && bash '$bin'"
check "default, release" "$clone/target/release/parley" \
  env -u CARGO_TARGET_DIR bash "$bin" release
check "relative CARGO_TARGET_DIR" "$clone/build/rel/debug/parley" \
  env CARGO_TARGET_DIR=build/rel bash -c "cd '$clone/end2end' && bash '$bin'"
check "absolute CARGO_TARGET_DIR" "$sandbox/abs/debug/parley" \
  env CARGO_TARGET_DIR="$sandbox/abs" bash "$bin"

passed=$((5 - failures))
echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
