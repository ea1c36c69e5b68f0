#!/usr/bin/env bash
# Spark's overhead against `atelier batch`, the two runs interleaved (A B A B …) so that a shared
# machine's changing load falls on both alike: the same magenta batch of PHOTOS × PAINTINGS at SIZE,
# into fresh folders, as `./atelier batch` and as `./atelier batch … --spark local[2]`. Columns: time,
# how, round, wall seconds, the run's own seconds (after start-up), CPU seconds (user + system, all
# threads: what a busy machine's load inflates least), mean seconds per pair, load average.
#
#   atelier-spark/bench/spark-overhead-ab.sh [RESULTS.tsv] [PHOTOS] [PAINTINGS] [SIZE] [ROUNDS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
results="${1:-/tmp/atelier-spark-ab/results.tsv}"
photos="${2:-7}"
paintings="${3:-7}"
size="${4:-512}"
rounds="${5:-2}"
work="$(dirname "$results")"
shared="$here/../shared"
mkdir -p "$work"
content=(); for file in $(ls "$shared"/images/content/*.jpg | head -n "$photos"); do content+=("$file"); done
styles=(); for file in $(ls "$shared"/images/style/*.jpg | head -n "$paintings"); do styles+=("$file"); done
magenta="$shared/models/magenta-arbitrary-tflite"
common=(--content "${content[@]}" --style "${styles[@]}" --method magenta --size "$size"
  --predictor "$magenta/style_predict_quantized_256.tflite" --transformer "$magenta/style_transfer_f16_384.tflite")
for round in $(seq "$rounds"); do
  for how in batch spark; do
    out="$work/$how-$round"
    rm -rf "$out"
    extra=(); [ "$how" = spark ] && extra=(--spark 'local[2]')
    /usr/bin/time -f "%e %M %U %S" -o "$work/time.txt" "$here/atelier" batch "${common[@]}" -o "$out" "${extra[@]}" \
      > "$work/$how-$round.log" 2>&1
    read -r wall rss user system < <(tail -n 1 "$work/time.txt")
    # The run's own seconds (after the JVM, and for Spark the session, started): the summary line's last figure.
    run=$(tr '\r' '\n' < "$work/$how-$round.log" | grep -o '[0-9.]* s$' | tail -n 1 | cut -d' ' -f1)
    pair=$(python3 -c "
import json
pairs=json.load(open('$out/manifest.json'))['pairs']
print('%.2f' % (sum(p['seconds'] for p in pairs)/len(pairs)))")
    cpu=$(python3 -c "print('%.1f' % ($user + $system))")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$how" "$round" "$wall" "$run" "$cpu" "$pair" \
      "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$results"
  done
done
