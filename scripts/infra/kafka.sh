#!/usr/bin/env bash
# Runs a single-node Apache Kafka broker (combined broker+controller, KRaft) from Maven Central
# jars when nothing listens on $KAFKA_PORT. Jars are cached; storage lives under .run/kafka.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/env.sh"
log() { printf '[kafka] %s\n' "$*" >&2; }
listening() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

wait_ready() {
  node "$here/wait-kafka.js" "127.0.0.1:$KAFKA_PORT" 90
}

if listening 127.0.0.1 "$KAFKA_PORT"; then
  log "a broker already listens on $KAFKA_PORT; waiting for metadata"
  wait_ready; exit 0
fi

command -v java >/dev/null || { log "java is required to run Kafka without Docker (apt-get install openjdk-17-jre-headless)"; exit 1; }
libs="$TRIBUTARY_CACHE/kafka-$KAFKA_VERSION/libs"
if [ ! -f "$libs/.complete" ]; then
  command -v mvn >/dev/null || { log "mvn is required to fetch Kafka from Maven Central (apt-get install maven)"; exit 1; }
  log "fetching Apache Kafka $KAFKA_VERSION and its dependencies from Maven Central"
  mkdir -p "$libs"
  mvn -q -B -f "$here/kafka-pom.xml" -Dkafka.version="$KAFKA_VERSION" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$libs"
  touch "$libs/.complete"
fi

dir="$TRIBUTARY_RUN/kafka"
mkdir -p "$dir"
cat > "$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
num.partitions=6
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
log.retention.hours=168
PROPS
cat > "$dir/log4j.properties" <<PROPS
log4j.rootLogger=WARN, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$dir/kafka.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaServer=INFO
log4j.logger.kafka.server.BrokerServer=INFO
PROPS
cp="$libs/*"
jvm=(-Xms256m -Xmx768m -XX:+UseG1GC "-Dlog4j.configuration=file:$dir/log4j.properties")
if [ ! -f "$dir/data/meta.properties" ]; then
  log "formatting KRaft storage"
  cluster_id=$(java -cp "$cp" "${jvm[@]}" kafka.tools.StorageTool random-uuid)
  java -cp "$cp" "${jvm[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" >/dev/null
fi
log "starting broker on 127.0.0.1:$KAFKA_PORT (logs: $dir/kafka.log)"
nohup java -cp "$cp" "${jvm[@]}" kafka.Kafka "$dir/server.properties" >"$dir/stdout.log" 2>&1 &
echo $! > "$dir/kafka.pid"
wait_ready
log "broker ready"
