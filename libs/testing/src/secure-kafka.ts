import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createKafka, type KafkaSecurity, type SaslMechanism } from '@tributary/kafka';
import { createTestCertificates, type TestCertificates } from './test-certificates';
import { testLogger } from './test-logger';
import { waitFor } from './wait-for';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..');

export interface KafkaUser {
  username: string;
  password: string;
}

export interface SecureKafka {
  /** The SASL_SSL listener's address. */
  brokers: string[];
  /** A mutual-TLS listener (SSL, client certificate required, no SASL) on the same broker. */
  mtlsBrokers: string[];
  certificates: TestCertificates;
  /** A SCRAM user (SHA-512 and SHA-256, created at format time) and a PLAIN user (JAAS config). */
  scramUser: KafkaUser;
  plainUser: KafkaUser;
  /** The environment a service needs to reach this broker as the SCRAM user. */
  env: Record<string, string>;
  security(user?: KafkaUser, mechanism?: SaslMechanism): KafkaSecurity;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The broker's jars, cached by scripts/infra/kafka.sh; fetched the same way when missing. */
async function kafkaLibs(): Promise<string> {
  const cache = process.env.TRIBUTARY_CACHE ?? join(homedir(), '.cache', 'tributary');
  const version = process.env.KAFKA_VERSION ?? '3.9.1';
  const libs = join(cache, `kafka-${version}`, 'libs');
  if (!existsSync(join(libs, '.complete'))) {
    mkdirSync(libs, { recursive: true });
    await run(
      'mvn',
      ['-q', '-B', '-f', join(ROOT, 'scripts', 'infra', 'kafka-pom.xml'),
        `-Dkafka.version=${version}`, 'dependency:copy-dependencies',
        '-DincludeScope=runtime', `-DoutputDirectory=${libs}`], // prettier-ignore
      { timeout: 600_000 },
    );
    writeFileSync(join(libs, '.complete'), '');
  }
  return libs;
}

const user = (name: string): KafkaUser => ({
  username: name,
  password: randomBytes(18).toString('base64url'),
});

/**
 * A one-node KRaft broker of its own whose client listener is SASL_SSL (SCRAM-SHA-512 and PLAIN)
 * with a certificate from a throwaway CA, as a managed Kafka would be. Inter-broker and controller
 * traffic stay on loopback plaintext listeners: only what clients see is under test.
 */
export async function startSecureKafka(): Promise<SecureKafka> {
  const dir = mkdtempSync(join(tmpdir(), 'secure-kafka-'));
  const [libs, certificates, port, mtlsPort, internalPort, controllerPort] = await Promise.all([
    kafkaLibs(),
    createTestCertificates(dir),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const scramUser = user('tributary-svc');
  const plainUser = user('tributary-plain');
  const jaas = (module: string, extra = '') =>
    `org.apache.kafka.common.security.${module} required${extra};`;
  const properties = [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=INTERNAL://127.0.0.1:${internalPort},SASL_SSL://127.0.0.1:${port},MTLS://127.0.0.1:${mtlsPort},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=INTERNAL://127.0.0.1:${internalPort},SASL_SSL://127.0.0.1:${port},MTLS://127.0.0.1:${mtlsPort}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=INTERNAL',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,SASL_SSL:SASL_SSL,MTLS:SSL',
    'sasl.enabled.mechanisms=SCRAM-SHA-512,SCRAM-SHA-256,PLAIN',
    `listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=${jaas('scram.ScramLoginModule')}`,
    `listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=${jaas('scram.ScramLoginModule')}`,
    'listener.name.mtls.ssl.client.auth=required',
    'listener.name.mtls.ssl.truststore.type=PEM',
    `listener.name.mtls.ssl.truststore.location=${certificates.caFile}`,
    `listener.name.sasl_ssl.plain.sasl.jaas.config=${jaas('plain.PlainLoginModule', ` user_${plainUser.username}="${plainUser.password}"`)}`,
    'ssl.keystore.type=PKCS12',
    `ssl.keystore.location=${certificates.p12File}`,
    `ssl.keystore.password=${certificates.p12Password}`,
    `ssl.key.password=${certificates.p12Password}`,
    `log.dirs=${join(dir, 'data')}`,
    'num.partitions=3',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=3',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
  ];
  const config = join(dir, 'server.properties');
  writeFileSync(config, `${properties.join('\n')}\n`);
  writeFileSync(
    join(dir, 'log4j.properties'),
    [
      'log4j.rootLogger=WARN, file',
      'log4j.appender.file=org.apache.log4j.FileAppender',
      `log4j.appender.file.File=${join(dir, 'kafka.log')}`,
      'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
    ].join('\n'),
  );
  // Small heap and quick JIT start: this broker lives for one test file on a 2-core machine.
  const jvm = [
    '-cp', `${libs}/*`, '-Xms128m', '-Xmx384m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1',
    `-Dlog4j.configuration=file:${join(dir, 'log4j.properties')}`,
  ]; // prettier-ignore
  // KRaft's way to create SCRAM users before the first start (kafka-storage format --add-scram).
  await run(
    'java',
    [...jvm, 'kafka.tools.StorageTool', 'format', '-t', randomBytes(16).toString('base64url').slice(0, 22),
      '-c', config,
      '--add-scram', `SCRAM-SHA-512=[name=${scramUser.username},password=${scramUser.password}]`,
      '--add-scram', `SCRAM-SHA-256=[name=${scramUser.username},password=${scramUser.password}]`,
    ], // prettier-ignore
    { timeout: 120_000 },
  );
  const broker: ChildProcess = spawn('java', [...jvm, 'kafka.Kafka', config], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => broker.once('exit', () => resolve()));
  const brokers = [`127.0.0.1:${port}`];
  const ca = readFileSync(certificates.caFile, 'utf8');

  const security = (
    who: KafkaUser = scramUser,
    mechanism: SaslMechanism = 'scram-sha-512',
  ): KafkaSecurity => ({
    sasl: { mechanism, username: who.username, password: who.password },
    tls: { ca },
  });
  const stop = async () => {
    broker.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const probe = createKafka({
      brokers,
      clientId: 'secure-kafka-probe',
      logger: testLogger(),
      security: security(),
    }).admin();
    await waitFor(
      async () => {
        if (broker.exitCode !== null) throw new Error(`broker exited; see ${dir}/kafka.log`);
        await probe.connect();
        await probe.listTopics();
        return true;
      },
      { timeoutMs: 90_000, intervalMs: 250, message: 'secure broker not ready' },
    );
    await probe.disconnect();
  } catch (err) {
    await stop();
    throw err;
  }

  return {
    brokers,
    mtlsBrokers: [`127.0.0.1:${mtlsPort}`],
    certificates,
    scramUser,
    plainUser,
    env: {
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: scramUser.username,
      KAFKA_SASL_PASSWORD: scramUser.password,
      KAFKA_SSL_CA_FILE: certificates.caFile,
    },
    security,
    stop,
  };
}
