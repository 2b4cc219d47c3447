#!/bin/sh
# Bolt task sts_session_token::@TASK@ (every task of the module is built from this one file, the build
# filling in the task's name and the adapter it runs). Parameters arrive on stdin only (input_method
# stdin): Bolt puts PT_* variables into the command line it builds for run-as, where other users can
# read them. The launcher and the jars travel with the task (metadata "files") into a fresh
# _installdir each run; a class-data archive only fits a fixed class path, so they are copied once
# into a private cache dir (0700, refused when another local user could change it, checked against
# SHA256SUMS) and the same launcher as the CLI's runs from there, with the same archive logic.
# @TRUSTED_DIR_SH@
error() {
  msg=$(printf '%s' "$2" | tr -d '\000-\037' | sed 's/\\/\\\\/g; s/"/\\"/g')
  printf '{"_error": {"msg": "%s", "kind": "sts_session_token/%s", "details": {}}}\n' "$msg" "$1"
  exit 1
}
# An installed release (install.sh) instead of the embedded jars, when the target's environment names
# its launcher: its own runtime and prebuilt AOT cache, no Java needed on the target. Used only from an
# install no other local user can change (ours or root's).
if [ -n "${STS_SESSION_TOKEN_LAUNCHER:-}" ]; then
  launcher=$(readlink -f -- "$STS_SESSION_TOKEN_LAUNCHER" 2>/dev/null) && [ -x "$launcher" ] && [ -f "${launcher%/bin/*}/lib/RELEASE" ] \
    || error invalid-input "STS_SESSION_TOKEN_LAUNCHER=$STS_SESSION_TOKEN_LAUNCHER is not the launcher of an installed release (PREFIX/bin/sts-session-token)"
  sts_trusted_dir "${launcher%/bin/*}" root || error untrusted-directory "$sts_why"
  exec "$launcher" @ADAPTER@
fi
files=$(cd "$(dirname "$0")/../files" 2>/dev/null && pwd -P) || error task-files "the task's files are missing next to it"
if command -v sha256sum >/dev/null 2>&1; then
  check_sums() { (cd "$1" && sha256sum -c --status "$files/SHA256SUMS") 2>/dev/null; }
elif command -v shasum >/dev/null 2>&1; then
  check_sums() { (cd "$1" && shasum -a 256 -c -s "$files/SHA256SUMS") 2>/dev/null; }
else
  error untrusted-directory "the task needs sha256sum or shasum on the target to check its jars"
fi
# The class path is lib/*: the copy must hold exactly the shipped jars, each with its digest.
set -- "$files"/lib/*.jar
jar_count=$#
copy_ok() {
  [ -d "$1/lib" ] && check_sums "$1" || return 1
  set -- "$1"/lib/*.jar
  [ "$#" -eq "$jar_count" ]
}
if [ -n "${XDG_CACHE_HOME:-}" ]; then
  cache="$XDG_CACHE_HOME/sts-session-token/bolt"
elif [ -n "${HOME:-}" ]; then
  cache="$HOME/.cache/sts-session-token/bolt"
else
  error untrusted-directory "the task needs HOME (or XDG_CACHE_HOME) on the target for a private directory; set HOME"
fi
sts_private_dir "$cache" || error untrusted-directory "$sts_why"
read -r build_id < "$files/lib/BUILD_ID" || error task-files "the task's files are incomplete (lib/BUILD_ID)"
base="$cache/$build_id"
if ! copy_ok "$base"; then
  tmp=$(umask 077 && mktemp -d "$cache/.copy.XXXXXX") || error untrusted-directory "cannot create a directory under $cache"
  if ! (umask 077 && cp -R "$files/bin" "$files/lib" "$tmp/" && chmod -R go-rwx "$tmp") || ! copy_ok "$tmp"; then
    rm -rf "$tmp"
    error task-files "the task's files do not match their digests (SHA256SUMS); reinstall the module"
  fi
  if [ -e "$base" ] && ! copy_ok "$base"; then rm -rf "$base"; fi
  if [ -e "$base" ]; then rm -rf "$tmp"; else mv "$tmp" "$base" 2>/dev/null || rm -rf "$tmp"; fi
  copy_ok "$base" || error untrusted-directory "cannot put the task's jars in place in $base; remove it and retry"
fi
if [ -z "${JAVA_HOME:-}" ] && ! command -v java >/dev/null 2>&1; then
  error java-missing "the task needs Java 17 or later on the target (java on PATH or JAVA_HOME)"
fi
exec "$base/bin/sts-session-token" @ADAPTER@
