// Waits until a Kafka broker answers a metadata request (not merely until its port opens).
// usage: node wait-kafka.js host:port timeoutSeconds
const { Kafka, logLevel } = require('kafkajs');

const [broker = '127.0.0.1:9092', seconds = '60'] = process.argv.slice(2);
const deadline = Date.now() + Number(seconds) * 1000;

async function main() {
  const admin = new Kafka({
    brokers: [broker],
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  }).admin();
  for (;;) {
    try {
      await admin.connect();
      await admin.listTopics();
      await admin.disconnect();
      return;
    } catch {
      await admin.disconnect().catch(() => {});
      if (Date.now() > deadline)
        throw new Error(`Kafka at ${broker} did not answer in ${seconds}s`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
