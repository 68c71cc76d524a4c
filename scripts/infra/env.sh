# Shared settings of the infrastructure scripts (sourced).
export KAFKA_VERSION=${KAFKA_VERSION:-3.9.1}
export KAFKA_PORT=${KAFKA_PORT:-9092}
export KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9099}
export PGPORT=${PGPORT:-5432}
export REDIS_PORT=${REDIS_PORT:-6379}
export TRIBUTARY_CACHE=${TRIBUTARY_CACHE:-$HOME/.cache/tributary}
export TRIBUTARY_RUN=${TRIBUTARY_RUN:-$root/.run}
