# --- trusted directories (dist/src/main/sh/trusted-dir.sh, inlined at build time) ---
# sts_trusted_dir DIR: true when no other local user can change DIR, as OpenSSH checks ~/.ssh: DIR
# is ours and not writable by group or others, and every parent is ours or root's and not writable by
# group or others (a root-owned sticky parent such as /tmp is fine: others cannot rename what is ours
# in it). Links are resolved first. Otherwise false, with one line in sts_why: the path and the fix.
# sts_trusted_dir DIR root: the same, but DIR may also belong to root (an install made by root, such
# as a release under /opt, whose prebuilt archive every user may map in), and so may everything under
# it, to any depth, which is checked too: DIR is then code the JVM runs or maps in (runtime/bin/java,
# the runtime's libraries, the jars, the archive), and one writable file anywhere in it is another
# user's code in our process.
sts_trusted_dir() {
  sts_why=
  sts_root_ok=${2:-}
  sts_real=$(cd -P -- "$1" 2>/dev/null && pwd -P) || {
    sts_why="untrusted directory $1: it is not a directory we can enter; fix: remove it"
    return 1
  }
  if [ -z "${sts_uid:-}" ]; then
    # The effective uid without a process where /proc has it (this runs before every call).
    if [ -r /proc/self/status ]; then
      while read -r sts_k sts_r sts_e sts_rest; do
        if [ "$sts_k" = Uid: ]; then sts_uid=$sts_e; break; fi
      done < /proc/self/status
    fi
    [ -n "${sts_uid:-}" ] || sts_uid=$(id -u)
  fi
  sts_dir=$1
  set --
  sts_p=$sts_real
  while [ "$sts_p" != / ]; do
    sts_p=${sts_p%/*}
    [ -n "$sts_p" ] || sts_p=/
    set -- "$@" "$sts_p"
  done
  # One find for DIR and every parent (a process costs more than all the checks): DIR must be ours
  # (or root's, in root mode, where everything under it is checked too: a prebuilt archive or a jar
  # another user could rewrite in place is not ours either), the parents ours or root's; none writable
  # by group or others, except a root-owned sticky parent. DIR comes first, so its own fault is
  # reported first.
  case $sts_real in
    *[][*?\\]*) sts_pat=$(printf '%s\n' "$sts_real" | sed 's/[][*?\\]/\\&/g') ;;
    *) sts_pat=$sts_real ;;
  esac
  if [ "$sts_root_ok" = root ]; then sts_owner=0; sts_self_prune=; else sts_owner=$sts_uid; sts_self_prune=-prune; fi
  # Below DIR (root mode only: otherwise DIR itself is pruned) nothing is pruned, so the whole tree is
  # checked; a symbolic link's own mode means nothing (always 0777) and what it points to in the tree
  # is checked where it is.
  # shellcheck disable=SC2086
  sts_bad=$(find "$sts_real" "$@" \
    \( -path "$sts_pat/*" \( \( \( ! -user "$sts_uid" ! -user "$sts_owner" \) -o \( ! -type l \( -perm -0020 -o -perm -0002 \) \) \) -print -o -true \) \) -o \
    \( -path "$sts_pat" $sts_self_prune \( \( \( ! -user "$sts_uid" ! -user "$sts_owner" \) -o -perm -0020 -o -perm -0002 \) -print -o -true \) \) -o \
    \( -prune \( \( \( ! -user "$sts_uid" ! -user 0 \) -o \( \( -perm -0020 -o -perm -0002 \) ! \( -user 0 -perm -1000 \) \) \) -print -o -true \) \) \
    2>/dev/null) || {
    # Fail closed: a find that is missing, or that could not read part of the tree, has not shown the
    # tree is safe (ignoring its status let a world-writable jar pass when find was not on PATH).
    sts_why="untrusted directory $sts_dir: cannot check it (find failed: missing from PATH, or a part of the tree it could not read); fix: make every directory under it readable, and find available"
    return 1
  }
  if [ -n "$sts_bad" ]; then
    sts_bad=${sts_bad%%
*}
    case $sts_bad in
      "$sts_real"|"$sts_real"/*) sts_explain "$sts_bad" own ;;
      *) sts_explain "$sts_bad" parent ;;
    esac
    return 1
  fi
  return 0
}

sts_explain() {
  # shellcheck disable=SC2012,SC2046
  set -- "$1" "$2" $(ls -ldn -- "$1")
  if [ "$5" != "$sts_uid" ] && { { [ "$2" = own ] && [ "$sts_root_ok" != root ]; } || [ "$5" != 0 ]; }; then
    if [ "$2" = own ]; then
      sts_why="untrusted directory $sts_dir: it is owned by uid $5, not by you (uid $sts_uid)${sts_root_ok:+ or root}; fix: remove it, or chown it to yourself"
    else
      sts_why="untrusted directory $sts_dir: it has a parent owned by another user ($1, uid $5); fix: use a directory whose parents belong to you or root"
    fi
  elif [ "$2" = own ]; then
    sts_why="untrusted directory $sts_dir: it is writable by group or others (mode $3); fix: chmod go-w $1"
  else
    sts_why="untrusted directory $sts_dir: it has a parent writable by group or others ($1, mode $3); fix: chmod go-w $1"
  fi
}

# sts_private_dir DIR: creates DIR and any missing parent 0700 whatever the umask, then checks it.
sts_private_dir() {
  [ -d "$1" ] || (umask 077 && mkdir -p -- "$1") 2>/dev/null || {
    sts_why="cannot create $1; fix: check that its parent exists and is yours"
    return 1
  }
  sts_trusted_dir "$1"
}
# --- end of trusted directories ---
