#!/usr/bin/env bash
# A 3-node Apache Kafka cluster in KRaft mode for the scale test (issue 20), separate from the
# shared single broker: three combined broker+controller nodes form one 3-voter controller quorum
# on loopback. Every topic gets replication factor 3 and min.insync.replicas 2 by broker default,
# so an acks=all producer keeps writing while one node is down. Same cached jars as kafka.sh.
#
#   kafka-cluster.sh start [N]   start node N (1-3) or, without N, format (once) and start all
#   kafka-cluster.sh kill N      SIGKILL node N (no clean shutdown)
#   kafka-cluster.sh stop        SIGKILL every node and delete the storage
#   kafka-cluster.sh brokers     print the bootstrap list
#
# KAFKA_CLUSTER_PORT (default 19192): node N's broker listens on PORT+N-1, its controller on
# PORT+100+N-1. KAFKA_CLUSTER_DIR (default /tmp/tributary-scale-kafka-$PORT): storage, logs, pids.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=env.sh
source "$here/env.sh"
base=${KAFKA_CLUSTER_PORT:-19192}
dir=${KAFKA_CLUSTER_DIR:-/tmp/tributary-scale-kafka-$base}
log() { printf '[kafka-cluster] %s\n' "$*" >&2; }
broker_port() { echo $((base + $1 - 1)); }
controller_port() { echo $((base + 100 + $1 - 1)); }
brokers() { echo "127.0.0.1:$(broker_port 1),127.0.0.1:$(broker_port 2),127.0.0.1:$(broker_port 3)"; }
voters="1@127.0.0.1:$(controller_port 1),2@127.0.0.1:$(controller_port 2),3@127.0.0.1:$(controller_port 3)"
libs="$TRIBUTARY_CACHE/kafka-$KAFKA_VERSION/libs"
cp="$libs/*"

ensure_jars() {
  [ -f "$libs/.complete" ] && return
  # kafka.sh fetches the jars when nothing listens on its port; here only the fetch is wanted.
  command -v mvn >/dev/null || { log "mvn is required to fetch Kafka from Maven Central"; exit 1; }
  mkdir -p "$libs"
  mvn -q -B -f "$here/kafka-pom.xml" -Dkafka.version="$KAFKA_VERSION" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$libs"
  touch "$libs/.complete"
}

jvm() {
  # Small heaps: three brokers share a 2-core machine with a dozen service processes.
  echo "-Xms128m -Xmx384m -XX:+UseG1GC -XX:TieredStopAtLevel=1 -Dlog4j.configuration=file:$dir/$1/log4j.properties"
}

configure() {
  local n=$1 d="$dir/$1"
  mkdir -p "$d"
  cat >"$d/server.properties" <<PROPS
process.roles=broker,controller
node.id=$n
controller.quorum.voters=$voters
listeners=PLAINTEXT://127.0.0.1:$(broker_port "$n"),CONTROLLER://127.0.0.1:$(controller_port "$n")
advertised.listeners=PLAINTEXT://127.0.0.1:$(broker_port "$n")
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$d/data
num.partitions=6
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
unclean.leader.election.enable=false
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
num.network.threads=2
num.io.threads=2
background.threads=2
log.retention.hours=24
PROPS
  cat >"$d/log4j.properties" <<PROPS
log4j.rootLogger=WARN, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$d/kafka.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.BrokerServer=INFO
PROPS
}

alive() { [ -f "$dir/$1/kafka.pid" ] && kill -0 "$(cat "$dir/$1/kafka.pid")" 2>/dev/null; }

start_node() {
  local n=$1
  if alive "$n"; then log "node $n already runs"; return; fi
  # shellcheck disable=SC2046
  nohup java -cp "$cp" $(jvm "$n") kafka.Kafka "$dir/$n/server.properties" >"$dir/$n/stdout.log" 2>&1 &
  echo $! >"$dir/$n/kafka.pid"
  log "node $n: broker 127.0.0.1:$(broker_port "$n"), controller $(controller_port "$n"), pid $!"
}

case "${1:-}" in
  start)
    ensure_jars
    if [ -n "${2:-}" ]; then
      start_node "$2"
      node "$here/wait-kafka.js" "127.0.0.1:$(broker_port "$2")" 120
      exit 0
    fi
    if [ ! -f "$dir/cluster-id" ]; then
      for n in 1 2 3; do configure "$n"; done
      # shellcheck disable=SC2046
      java -cp "$cp" $(jvm 1) kafka.tools.StorageTool random-uuid >"$dir/cluster-id"
      for n in 1 2 3; do
        # shellcheck disable=SC2046
        java -cp "$cp" $(jvm "$n") kafka.tools.StorageTool format -t "$(cat "$dir/cluster-id")" \
          -c "$dir/$n/server.properties" >/dev/null
      done
    fi
    for n in 1 2 3; do start_node "$n"; done
    for n in 1 2 3; do node "$here/wait-kafka.js" "127.0.0.1:$(broker_port "$n")" 120; done
    log "cluster ready: $(brokers)"
    ;;
  kill)
    n=${2:?node number}
    if alive "$n"; then
      pid=$(cat "$dir/$n/kafka.pid")
      kill -9 "$pid"
      while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
      log "node $n killed (pid $pid)"
    fi
    ;;
  stop)
    for n in 1 2 3; do
      if alive "$n"; then kill -9 "$(cat "$dir/$n/kafka.pid")"; fi
    done
    rm -rf "$dir"
    log "cluster stopped, storage removed"
    ;;
  brokers) brokers ;;
  *)
    echo "usage: $0 start [N] | kill N | stop | brokers" >&2
    exit 2
    ;;
esac
