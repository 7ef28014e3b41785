#!/usr/bin/env bash
# Builds the root filesystem that the `image` Maven profile puts into a FROM-scratch Jib image (deploy/README.md):
# a jlink-trimmed Java runtime made from this machine's JDK, every shared library its native code and the
# extra native libraries (Artemis's libartemis-native-64.so → libaio) need, taken from this Debian machine with
# ldd, the JDK's CA truststore, a minimal /etc (non-root user 1000) and writable /tmp and /app/data.
# Needs: Debian/Ubuntu x86_64 with openjdk-17-jdk-headless (jlink, jmods) and libaio1.
#
# usage: collect-runtime.sh <output root> <comma-separated modules> [directory with extra native libraries]
# The modules: `jdeps --print-module-deps --ignore-missing-deps --multi-release 17 --class-path 'libs/*' -R classes`
# plus those only reached through services or reflection (app/pom.xml, property image.jlink.modules).
set -euo pipefail

root=${1:?output root}
modules=${2:?modules}
extra_native=${3:-}
jdk=${IMAGE_JDK:-/usr/lib/jvm/java-17-openjdk-amd64}
jre=/opt/java/openjdk

[ -x "$jdk/bin/jlink" ] || { echo "no jlink in $jdk (set IMAGE_JDK)" >&2; exit 1; }
[ -d "$jdk/jmods" ] || { echo "no $jdk/jmods: install the JDK package that has them (openjdk-17-jdk-headless)" >&2; exit 1; }

rm -rf "$root"
mkdir -p "$root$(dirname $jre)"
# locales: the staff's Russian and English (the default). No class-data-sharing archive (--generate-cds-archive):
# 23 MB for a fraction of a second of a startup that takes seconds
"$jdk/bin/jlink" --add-modules "$modules" --include-locales=en,ru \
  --strip-debug --no-header-files --no-man-pages \
  --output "$root$jre"

# headless server: drop the GUI, sound and smart-card bridges rather than ship X11, ALSA and pcsclite
rm -f "$root$jre"/lib/{libawt_xawt,libjawt,libsplashscreen,libjsound,libj2pcsc,libatk-wrapper}.so
# Debian's JDK keeps its truststore outside the JDK (a symlink to /etc/ssl/certs/java/cacerts): copy the file
rm -f "$root$jre/lib/security/cacerts"
cp -L /etc/ssl/certs/java/cacerts "$root$jre/lib/security/cacerts"

# the shared libraries, named as the dynamic linker looks them up (soname), flat in /lib/x86_64-linux-gnu
libdir=$root/lib/x86_64-linux-gnu
mkdir -p "$libdir" "$root/lib64"
elves=$(find "$root$jre" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper \))
if [ -n "$extra_native" ] && [ -d "$extra_native" ]; then elves="$elves $(find "$extra_native" -type f -name '*.so')"; fi
missing=0
for elf in $elves; do
  # the runtime's own libraries are found through $ORIGIN, not ldd's "not found"
  out=$(LD_LIBRARY_PATH="$root$jre/lib:$root$jre/lib/server" ldd "$elf" 2>/dev/null) || continue
  if grep -q 'not found' <<<"$out"; then echo "$elf: $(grep 'not found' <<<"$out")" >&2; missing=1; fi
  while read -r name arrow path _; do
    [ "$arrow" = "=>" ] && [ -f "$path" ] || continue
    case "$path" in "$root"*) continue ;; esac
    [ -e "$libdir/$name" ] || cp -L "$path" "$libdir/$name"
  done <<<"$out"
done
[ $missing = 0 ] || { echo "some libraries are missing on this machine" >&2; exit 1; }
cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/ld-linux-x86-64.so.2"

# LANG=C.UTF-8 (set in the image): without it Java 17 encodes file names (sun.jnu.encoding) as ASCII
mkdir -p "$root/usr/lib/locale"
cp -r /usr/lib/locale/C.utf8 "$root/usr/lib/locale/C.utf8"

mkdir -p "$root/etc" "$root/tmp" "$root/app/data"
cat > "$root/etc/passwd" <<'PW'
root:x:0:0:root:/root:/sbin/nologin
app:x:1000:1000:diary-bridge:/app:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
PW
cat > "$root/etc/group" <<'GR'
root:x:0:
app:x:1000:
nogroup:x:65534:
GR
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$root/etc/nsswitch.conf"

echo "image root $root: $(du -sh "$root" | cut -f1) ($(du -sh "$root$jre" | cut -f1) Java runtime, $(ls "$libdir" | wc -l) libraries)"
