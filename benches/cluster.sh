#!/usr/bin/env bash
# Cluster benchmark: `reach --all` (HyperBall, or exact with EXACT=1) on one cache file with
# 1, 2 and 3 processes on this machine, against the single-machine path with the same total
# threads. Each process runs under /usr/bin/time (wall time, peak RSS) and logs its rounds and
# bytes sent on stderr; the table at the end is what reports/bench/ records.
#
#   cargo build --release --features cluster
#   bash benches/cluster.sh p1m.nrg            # HyperBall, 256 registers
#   EXACT=1 bash benches/cluster.sh facebook.nrg
set -euo pipefail
graph=${1:?usage: benches/cluster.sh GRAPH.nrg}
bin=${NETREACH:-target/release/netreach}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ "${EXACT:-0}" = 1 ]; then job=(reach "$graph" --all --format csv); else job=(reach "$graph" --all --approx --format csv); fi

free_hosts() { # $1 processes -> hosts file on stdout
  python3 - "$1" <<'EOF'
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
print("".join("127.0.0.1:%d\n" % s.getsockname()[1] for s in socks), end="")
EOF
}

single() { # $1 threads
  /usr/bin/time -f "%e %M" -o "$work/single.time" "$bin" -j "$1" "${job[@]}" -o "$work/single-$1.csv"
  read -r wall rss < "$work/single.time"
  printf '| single machine | 1 × %s | %s s | %s MiB | - |\n' "$1" "$wall" "$((rss / 1024))"
}

cluster() { # $1 processes, $2 threads each
  local p=$1 t=$2
  free_hosts "$p" > "$work/hosts.txt"
  local start end
  start=$(date +%s.%N)
  for i in $(seq 0 $((p - 1))); do
    /usr/bin/time -f "%e %M" -o "$work/p$i.time" "$bin" -j "$t" "${job[@]}" -o "$work/cluster.csv" \
      --hosts "$work/hosts.txt" --process "$i" 2> "$work/p$i.log" &
  done
  wait
  end=$(date +%s.%N)
  cmp -s "$work/cluster.csv" "$work/single-$((p * t)).csv" || { echo "$p × $t: output differs" >&2; exit 1; }
  local rss="" sent=""
  for i in $(seq 0 $((p - 1))); do
    rss+="$(( $(cut -d' ' -f2 "$work/p$i.time") / 1024 )) "
    # The last "[T s, X sent, packed from Y]": X as sent (zstd), Y before packing.
    sent+="$(grep -o '\[[^]]*\]' "$work/p$i.log" | tail -1 | sed 's/^\[[^,]*, //; s/ sent, packed from / of /; s/\]$//') / "
  done
  printf '| cluster | %s × %s | %.2f s | %s MiB | %s |\n' "$p" "$t" "$(echo "$end - $start" | bc)" "${rss% }" "${sent% / }"
  grep -h "round\|batches" "$work"/p*.log | sed 's/^/    /' >&2
}

echo "| run | processes × threads | wall | peak RSS per process | payload sent per process, of the rows' bytes before packing (all rounds) |"
echo "|---|---|---:|---:|---|"
single 2
single 3
single 1
cluster 1 2
cluster 2 1
cluster 3 1
cluster 1 1
