#!/usr/bin/env bash
# The same batch as `atelier batch`, as a local Spark job (in-process, one executor JVM, two executor
# JVMs) and as two shards with a merge: wall time, time per pair, peak memory. BENCHMARKS.md
# (section "The batch on Spark, and in shards") reports its figures.
#
#   atelier-spark/bench/spark-batch-bench.sh [RESULTS.tsv] [PHOTOS] [PAINTINGS] [SIZE] [METHODS]
#
# PHOTOS and PAINTINGS: how many of ../shared/images/content and style (default 4 and 3); SIZE the
# result's longest side (default 512); METHODS "magenta feedforward" by default (feed-forward takes
# the fast-style-tf networks as its styles). Needs the cluster jar:
#   mvn -B package -pl atelier-spark -am -P cluster-jar -DskipTests
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
results="${1:-/tmp/atelier-spark-bench/results.tsv}"
photos="${2:-4}"
paintings="${3:-3}"
size="${4:-512}"
methods="${5:-magenta feedforward}"
work="$(dirname "$results")"
shared="$here/../shared"
target="$here/atelier-spark/target"
mkdir -p "$work"

# A Spark installation made of Spark's own jars from the module's class path (all but the job's own:
# the library, DJL, PyTorch, ONNX Runtime and image readers), so that local-cluster can start executor JVMs.
home="$work/spark-home"
if [ ! -d "$home/jars" ]; then
  mkdir -p "$home/jars" && touch "$home/RELEASE"
  tr ':' '\n' < "$target/classpath-compile.txt" \
    | grep -Ev 'atelier-core|/ai/djl/|onnxruntime|/com/twelvemonkeys/|/com/drewnoakes/|/com/adobe/xmp/' \
    | while read -r jar; do ln -sf "$jar" "$home/jars/"; done
fi
opens="-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED"
quiet="-Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl=error"

content=()
for file in $(ls "$shared"/images/content/*.jpg | head -n "$photos"); do content+=("$file"); done
styles=()
for file in $(ls "$shared"/images/style/*.jpg | head -n "$paintings"); do styles+=("$file"); done
models=()
for folder in $(ls -d "$shared"/models/fast-style-tf/*/ | head -n "$paintings"); do models+=("${folder%/}"); done
magenta="$shared/models/magenta-arbitrary-tflite"

# Prints: wall seconds, peak resident MiB of the process started, mean seconds a pair took (manifest).
measure() {
  local label="$1" out="$2"; shift 2
  rm -rf "$out"
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$work/$label.log" 2>&1 || true
  local wall rss
  read -r wall rss < <(tail -n 1 "$work/time.txt")
  local pair
  pair=$(python3 -c "
import json,sys
pairs=json.load(open('$out/manifest.json'))['pairs']
done=[p['seconds'] for p in pairs if p['status']=='done' and 'seconds' in p]
print('%.2f %d/%d' % (sum(done)/max(1,len(done)), len(done), len(pairs)))" 2>/dev/null || echo "- 0/0")
  local executors
  executors=$(grep -o "executor [^:]*: .*peak memory [0-9]* MiB" "$work/$label.log" | sed 's/networks loaded //;s/ time[s]*//;s/styles prepared //' | tr '\n' ';' || true)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$label" "$wall" "$((rss / 1024))" $pair "$executors" \
    | tee -a "$results"
}

for method in $methods; do
  if [ "$method" = magenta ]; then
    inputs=(--content "${content[@]}" --style "${styles[@]}" --method magenta
      --predictor "$magenta/style_predict_quantized_256.tflite" --transformer "$magenta/style_transfer_f16_384.tflite")
  else
    inputs=(--content "${content[@]}" --model "${models[@]}" --method feedforward)
  fi
  common=("${inputs[@]}" --size "$size")
  pairs=$((photos * paintings))
  measure "$method-$pairs-batch" "$work/$method-batch" "$here/atelier" batch "${common[@]}" -o "$work/$method-batch" -q
  measure "$method-$pairs-spark-inprocess" "$work/$method-inprocess" "$here/atelier" batch "${common[@]}" \
    -o "$work/$method-inprocess" --spark 'local[2]'
  for cluster in '1,2' '2,1'; do
    executors="${cluster%,*}"; cores="${cluster#*,}"
    measure "$method-$pairs-spark-${executors}x${cores}" "$work/$method-cluster-$executors" env SPARK_HOME="$home" \
      SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 java $opens $quiet -cp "$home/jars/*" \
      org.apache.spark.deploy.SparkSubmit --master "local-cluster[$executors,$cores,3072]" \
      --conf spark.task.cpus="$cores" --conf spark.ui.enabled=false \
      --conf "spark.executor.extraJavaOptions=$quiet" \
      --class dev.atelier.spark.SparkBatchMain "$target/atelier-spark-cluster.jar" "${common[@]}" \
      -o "$work/$method-cluster-$executors"
  done
  # Two shards at once on the two cores (one PyTorch thread each), then the merge.
  rm -rf "$work/$method-shards"
  start=$(date +%s.%N)
  for shard in 1 2; do
    ATELIER_JAVA_OPTS="-Dai.djl.pytorch.num_threads=1" /usr/bin/time -f "%e %M" -o "$work/shard$shard.txt" \
      "$here/atelier" batch "${common[@]}" -o "$work/$method-shards" --shard "$shard/2" -q \
      > "$work/$method-shard$shard.log" 2>&1 &
  done
  wait
  end=$(date +%s.%N)
  /usr/bin/time -f "%e %M" -o "$work/merge.txt" "$here/atelier" batch "${common[@]}" -o "$work/$method-shards" \
    --merge -q > "$work/$method-merge.log" 2>&1 || true
  python3 - "$work" "$method" "$pairs" "$start" "$end" "$results" <<'PY'
import json, sys, datetime
work, method, pairs, start, end, results = sys.argv[1:]
shards = [open(f"{work}/shard{i}.txt").read().split()[-2:] for i in (1, 2)]
merge = open(f"{work}/merge.txt").read().split()[-2:]
pairs_done = [p for p in json.load(open(f"{work}/{method}-shards/manifest.json"))["pairs"] if p["status"] == "done"]
mean = sum(p["seconds"] for p in pairs_done) / max(1, len(pairs_done))
line = "\t".join([datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    f"{method}-{pairs}-2-shards+merge", "%.2f" % (float(end) - float(start) + float(merge[0])),
    str(max(int(s[1]) for s in shards) // 1024), "%.2f" % mean, f"{len(pairs_done)}/{pairs}",
    "shards %s s, %s s; merge %s s" % (shards[0][0], shards[1][0], merge[0])])
print(line)
open(results, "a").write(line + "\n")
PY
done
