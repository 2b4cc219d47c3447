#!/bin/sh
# Installs a release archive of sts-session-token (sts-session-token-VERSION-linux-ARCH.tar.gz):
# unpacks it into PREFIX/lib/sts-session-token/VERSION and links PREFIX/bin/sts-session-token to its
# launcher. No Maven, no JDK needed: the archive brings its runtime. Nothing is written into the
# install afterwards, so it may be read-only (e.g. installed by root under /opt or /usr/local).
#
#   install.sh [--prefix DIR] [ARCHIVE]     install (DIR defaults to ~/.local)
#   install.sh --uninstall [--prefix DIR]   remove the link and the installed versions
#
# ARCHIVE defaults to the archive next to this script, else the one a build left in release/target/.
set -eu
# Every directory and file made here is 0755/0644 whatever the caller's umask: under umask 000 (or 002
# with a shared group) another user could have replaced the link or a jar and had the victim run it.
umask 022
# The directory checks of the launcher (dist/src/main/sh/trusted-dir.sh): inlined here in a release
# archive, read from the source tree when run from a checkout.
# @TRUSTED_DIR_SH@
if ! command -v sts_trusted_dir >/dev/null 2>&1; then
  trusted_dir_sh="$(cd -P -- "$(dirname -- "$0")" && pwd -P)/dist/src/main/sh/trusted-dir.sh"
  [ -r "$trusted_dir_sh" ] || { echo "install.sh: $trusted_dir_sh is missing: use the install.sh of a release archive" >&2; exit 1; }
  # shellcheck source=dist/src/main/sh/trusted-dir.sh
  . "$trusted_dir_sh"
fi

usage() {
  echo "usage: install.sh [--prefix DIR] [ARCHIVE] | install.sh --uninstall [--prefix DIR]" >&2
  exit 2
}
die() {
  echo "install.sh: $*" >&2
  exit 1
}

prefix=
archive=
action=install
while [ $# -gt 0 ]; do
  case $1 in
    --prefix) [ $# -ge 2 ] || usage; prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    --uninstall|uninstall) action=uninstall; shift ;;
    -h|--help) sed -n '2,10s/^# \{0,1\}//p' "$0"; exit 0 ;;
    -*) usage ;;
    *) [ -z "$archive" ] || usage; archive=$1; shift ;;
  esac
done
if [ -z "$prefix" ]; then
  [ -n "${HOME:-}" ] || die "HOME is not set; give --prefix DIR"
  prefix="$HOME/.local"
fi
case $prefix in /*) ;; *) prefix="$(pwd -P)/$prefix" ;; esac
mkdir -p -- "$prefix" || die "cannot create $prefix"
prefix=$(cd -P -- "$prefix" && pwd -P)
home_dir="$prefix/lib/sts-session-token"
link="$prefix/bin/sts-session-token"

# A link we made points into home_dir; anything else at that path is someone's file and stays.
our_link() {
  [ -L "$link" ] || return 1
  case $(readlink -- "$link") in ../lib/sts-session-token/*|"$home_dir"/*) return 0 ;; *) return 1 ;; esac
}

# The completions and the man page in the release's share/, linked into PREFIX/share where bash-completion
# and fish look for ~/.local (XDG_DATA_HOME) and man finds them for PREFIX/bin on PATH; zsh needs fpath.
shared="bash-completion/completions/sts-session-token zsh/site-functions/_sts-session-token fish/vendor_completions.d/sts-session-token.fish man/man1/sts-session-token.1"
our_share_link() {
  [ -L "$1" ] || return 1
  case $(readlink -- "$1") in "$home_dir"/*) return 0 ;; *) return 1 ;; esac
}

if [ "$action" = uninstall ]; then
  if our_link; then rm -f -- "$link"; fi
  for part in $shared; do
    if our_share_link "$prefix/share/$part"; then rm -f -- "$prefix/share/$part"; fi
  done
  rm -rf -- "$home_dir"
  echo "sts-session-token: removed $home_dir and $link"
  echo "kept: your sessions in ~/.cache/sts-session-token and the emulator's state in ~/.local/share/sts-session-token (remove them by hand if you like)"
  exit 0
fi

script_dir=$(cd -P -- "$(dirname -- "$0")" && pwd -P)
if [ -z "$archive" ]; then
  for candidate in "$script_dir"/sts-session-token-*-linux-*.tar.gz "$script_dir"/release/target/sts-session-token-*-linux-*.tar.gz; do
    if [ -f "$candidate" ]; then archive=$candidate; fi
  done
  [ -n "$archive" ] || die "no release archive next to this script or in release/target/ (build one with ./mvnw package, or give its path)"
fi
[ -f "$archive" ] || die "no such archive: $archive"

if [ -e "$link" ] && ! our_link; then
  die "$link exists and is not a link to an install of ours; move it away first"
fi
mkdir -p -- "$home_dir" "$prefix/bin" || die "cannot create $home_dir or $prefix/bin"
# The link and the install are what every later run executes: refused in a place another local user
# can change (group- or other-writable, or owned by someone else, it or a parent), as the launcher
# refuses to run from one.
for dir in "$prefix/bin" "$home_dir"; do
  sts_trusted_dir "$dir" || die "refusing to install: $sts_why"
done
tmp=$(mktemp -d "$home_dir/.unpack.XXXXXX") || die "cannot create a directory under $home_dir"
trap 'rm -rf -- "$tmp"' EXIT
# The archive's modes (no write for group or others), whatever the umask: the launcher uses the
# prebuilt AOT cache only from a directory no other user can change.
tar -xzf "$archive" -C "$tmp" --no-same-owner || die "cannot unpack $archive"
set -- "$tmp"/sts-session-token-*
[ $# -eq 1 ] && [ -x "$1/bin/sts-session-token" ] && [ -f "$1/lib/RELEASE" ] || die "$archive is not a sts-session-token release archive"
version=${1##*/sts-session-token-}
chmod -R go-w -- "$1"
# The whole install, every file the JVM runs or maps in, and its parents: checked once, here, with
# the rule the launcher of an unfixed install applies on every run (ours or root's, nothing writable
# by group or others). Then, for a release with its own runtime and AOT cache, the launcher is
# replaced by one with this install's paths written in: a run starts no process but the JVM.
sts_trusted_dir "$1" root || die "refusing to install: $sts_why"
if "$1/bin/sts-session-token" __fixed-launcher "$home_dir/$version" > "$1/bin/.fixed-launcher"; then
  chmod 755 -- "$1/bin/.fixed-launcher"
  mv -f -- "$1/bin/.fixed-launcher" "$1/bin/sts-session-token"
else
  rm -f -- "$1/bin/.fixed-launcher"
fi
# Replace the same version whole, then switch the link: a run in between sees the old or the new install.
rm -rf -- "${home_dir:?}/$version"
mv -- "$1" "$home_dir/$version"
ln -sfn "../lib/sts-session-token/$version/bin/sts-session-token" "$link.tmp.$$"
mv -f -- "$link.tmp.$$" "$link"
for old in "$home_dir"/*; do
  [ "$old" = "$home_dir/$version" ] || rm -rf -- "$old"
done
# A completion script is code the user's shell runs: linked only into a directory no other user can change.
for part in $shared; do
  [ -f "$home_dir/$version/share/$part" ] || continue
  target="$prefix/share/$part"
  if { [ -e "$target" ] || [ -L "$target" ]; } && ! our_share_link "$target"; then
    echo "kept $target: it is not ours"
    continue
  fi
  if (mkdir -p -- "${target%/*}") 2>/dev/null && sts_trusted_dir "${target%/*}"; then
    ln -sfn "$home_dir/$version/share/$part" "$target.tmp.$$" && mv -f -- "$target.tmp.$$" "$target"
  else
    echo "not linked: $target (${sts_why:-cannot create its directory})"
  fi
done

echo "sts-session-token $version installed in $home_dir/$version"
echo "$link -> $home_dir/$version/bin/sts-session-token"
"$link" --version | sed 's/^/  /'
case ":${PATH:-}:" in
  *":$prefix/bin:"*) ;;
  *)
    echo "$prefix/bin is not on your PATH; add it, e.g. in ~/.profile or ~/.bashrc:"
    echo "  export PATH=\"$prefix/bin:\$PATH\""
    echo "(fish: fish_add_path $prefix/bin)"
    ;;
esac
if [ -L "$prefix/share/zsh/site-functions/_sts-session-token" ]; then
  echo "zsh completion: add fpath+=($prefix/share/zsh/site-functions) before compinit in ~/.zshrc"
fi
echo "uninstall: $home_dir/$version/install.sh --uninstall --prefix $prefix"
