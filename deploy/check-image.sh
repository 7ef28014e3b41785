#!/usr/bin/env bash
# Checks the image built by `./mvnw -B -o -pl app -am -DskipTests -P image package` without Docker: unpacks
# app/target/jib-image.tar (docker-save format: manifest.json, config, gzipped layers), extracts the layers in order
# into a temporary root filesystem and runs the image's own Entrypoint, Env, WorkingDir and User there, as a
# container runtime would: chroot, new mount/PID/network/UTS namespaces, /proc, /dev, /sys and /etc/hosts supplied.
# 1. `java -version` with the image's runtime, its encodings and CA truststore; 2. the application itself (default profile: H2 and the embedded
# broker's journal under /app/data), waits for "Started DiaryBridgeApplication", asks /actuator/health, stops it.
# Needs root (chroot, namespaces), jq, util-linux (unshare 2.38+), iproute2 and curl. Not part of `mvn verify`.
#
# usage: sudo deploy/check-image.sh [image tar, default app/target/jib-image.tar] [extra application arguments…]
set -euo pipefail

if [ "${1:-}" = --inside ]; then
  # PID 1 of the new namespaces: what a runtime prepares, then the command with the image's settings
  shift
  mode=$1 rootfs=$2 wd=$3 user=$4 envfile=$5 log=$6; shift 6
  hostname diary-bridge-check
  ip link set lo up
  # the root is a mount point in a real runtime (overlay); Java's FileStore lookups need it in /proc/self/mounts
  mount --bind "$rootfs" "$rootfs"
  mount -t proc proc "$rootfs/proc"
  mount --rbind /dev "$rootfs/dev"
  mount --rbind /sys "$rootfs/sys" && mount -o remount,bind,ro "$rootfs/sys"
  mapfile -t envs < "$envfile"
  run=(env -i "${envs[@]}" "$(command -v unshare)" --root="$rootfs" --wd="$wd" --setgid "${user#*:}" --setuid "${user%%:*}" -- "$@")
  if [ "$mode" = once ]; then exec "${run[@]}"; fi
  "${run[@]}" >"$log" 2>&1 &
  app=$!
  for _ in $(seq 1 600); do
    grep -q 'Started DiaryBridgeApplication' "$log" && break
    kill -0 $app 2>/dev/null || { echo "the application exited:" >&2; tail -40 "$log" >&2; exit 1; }
    sleep 1
  done
  grep -q 'Started DiaryBridgeApplication' "$log" || { echo "not started after 600 s" >&2; tail -40 "$log" >&2; exit 1; }
  echo "health: $(curl -fsS --max-time 30 http://127.0.0.1:8080/actuator/health)"
  kill -TERM $app
  for _ in $(seq 1 90); do kill -0 $app 2>/dev/null || break; sleep 1; done
  if kill -0 $app 2>/dev/null; then echo "still running 90 s after SIGTERM" >&2; exit 1; fi
  wait $app || true
  exit 0
fi

[ "$(id -u)" = 0 ] || { echo "run as root (chroot and namespaces)" >&2; exit 1; }
image_tar=${1:-app/target/jib-image.tar}
shift || true
[ -f "$image_tar" ] || { echo "no $image_tar: ./mvnw -B -o -pl app -am -DskipTests -P image package" >&2; exit 1; }
self=$(readlink -f "$0")

work=$(mktemp -d /tmp/check-image.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir "$work/image" "$work/rootfs"
tar -xf "$image_tar" -C "$work/image"
config="$work/image/$(jq -r '.[0].Config' "$work/image/manifest.json")"
layers=$(jq -r '.[0].Layers[]' "$work/image/manifest.json")
for layer in $layers; do
  # Jib writes no whiteout files, so plain extraction in order is the union of the layers
  tar --warning=no-unknown-keyword -xzf "$work/image/$layer" -C "$work/rootfs"
done
echo "image: $image_tar $(du -h "$image_tar" | cut -f1), $(wc -w <<<"$layers") layers, unpacked $(du -sh "$work/rootfs" | cut -f1)"

jq -r '.config.Env // [] | .[]' "$config" > "$work/env"
mapfile -t entrypoint < <(jq -r '.config.Entrypoint[]' "$config")
wd=$(jq -r '.config.WorkingDir // "/"' "$config")
user=$(jq -r '.config.User // "0:0"' "$config")
[[ $user == *:* ]] || user="$user:$user"
echo "entrypoint: ${entrypoint[*]}; user $user; working dir $wd"
mkdir -p "$work/rootfs/proc" "$work/rootfs/dev" "$work/rootfs/sys"
printf '127.0.0.1 localhost diary-bridge-check\n::1 localhost\n' > "$work/rootfs/etc/hosts"

in_container() {
  unshare --mount --net --pid --uts --fork --kill-child -- "$self" --inside "$@"
}

echo "== java -version inside the image (and what it takes from the image's environment)"
in_container once "$work/rootfs" "$wd" "$user" "$work/env" - "${entrypoint[0]}" -XshowSettings:properties -version 2>&1 \
  | grep -E '^ *(java.home|java.vm.version|user.name|user.dir|sun.jnu.encoding|file.encoding) ='
# the CA truststore (outbound HTTPS to the diaries and school systems)
in_container once "$work/rootfs" "$wd" "$user" "$work/env" - "$(dirname "${entrypoint[0]}")/keytool" -list -cacerts \
  -storepass changeit | grep -E 'contains'

echo "== the application inside the image (its entrypoint)"
log=$work/app.log
start=$(date +%s%N)
in_container app "$work/rootfs" "$wd" "$user" "$work/env" "$log" "${entrypoint[@]}" "$@"
end=$(date +%s%N)
grep -m1 'Started DiaryBridgeApplication' "$log"
grep -m1 -E 'AMQ2210(12|13)' "$log" || true   # which journal the embedded broker uses (AIO needs libaio)
echo "errors in the log: $(grep -c -E ' ERROR ' "$log" || true)"
grep -E ' ERROR ' "$log" | head -5 || true
echo "launch to stopped: $(( (end - start) / 1000000 )) ms"
cp "$log" /tmp/check-image-last.log && echo "log: /tmp/check-image-last.log"
