import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeIo, runCli, EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliIo } from './attribute';

const FIXTURE = join(__dirname, '../../fixtures/example_path_summary.csv');

function fakeIo(files: Record<string, string>): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    readFile: (path: string): string => {
      if (path === FIXTURE) return readFileSync(FIXTURE, 'utf8');
      const text = files[path];
      if (text === undefined)
        throw Object.assign(new Error(`ENOENT: no such file '${path}'`), { code: 'ENOENT' });
      return text;
    },
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
  };
  return io;
}

const VIGNETTE =
  'path,conversions,nulls\nA > B > A > B > B > A,1,0\nA > B > B > A > A,1,0\nA > A,1,0\n';

describe('runCli', () => {
  it('Given the vignette CSV, When run with --model markov, Then it prints the JSON result with A=2 and B=1', () => {
    const io = fakeIo({ 'paths.csv': VIGNETTE });
    expect(runCli(['--model', 'markov', '--input', 'paths.csv'], io)).toBe(EXIT_OK);
    const result = JSON.parse(io.out);
    expect(result.model).toBe('markov');
    expect(result.channels.A.conversions).toBeCloseTo(2, 12);
    expect(result.channels.B.conversions).toBeCloseTo(1, 12);
  });

  it('Given JSON input and options, When run, Then options reach the model and are echoed', () => {
    const json = JSON.stringify([
      { path: ['A', 'B'], conversions: 1, nulls: 0, days_before_conversion: [7, 0] },
    ]);
    const io = fakeIo({ 'paths.json': json });
    const code = runCli(
      ['--model=time_decay', '--input', 'paths.json', '--half-life', '7', '--compact'],
      io,
    );
    expect(code).toBe(EXIT_OK);
    const result = JSON.parse(io.out);
    expect(result.options).toEqual({ transforms: [], half_life: 7 });
    expect(result.channels.B.conversions).toBeCloseTo(2 / 3, 12);
  });

  it('Given --model all on the fixture with transforms, When run, Then every model but time_decay has a result', () => {
    const io = fakeIo({});
    const argv = [
      '--model',
      'all',
      '--input',
      FIXTURE,
      '--transform',
      'exposure',
      '--transform',
      'remove-if-last-and-not-all:A',
    ];
    expect(runCli(argv, io)).toBe(EXIT_OK);
    const output = JSON.parse(io.out) as {
      results: Record<string, { options: { transforms: string[] } }>;
      failures: Record<string, { code: string }>;
    };
    expect(Object.keys(output.results)).toEqual([
      'first_touch',
      'last_touch',
      'linear',
      'position_based',
      'markov',
      'shapley',
      'fractribution',
    ]);
    expect(output.results.markov!.options.transforms).toEqual([
      'exposure',
      'remove-if-last-and-not-all:A',
    ]);
    expect(output.failures.time_decay!.code).toBe('missing_days');
  });

  it.each([
    [['--input', 'paths.csv'], '--model is required'],
    [['--model', 'markov'], '--input is required'],
    [['--model', 'markov', '--input', 'paths.csv', '--order', 'two'], '--order needs a number'],
    [
      ['--model', 'markov', '--input', 'paths.csv', '--frobnicate'],
      "Unknown option '--frobnicate'",
    ],
    [
      ['--model', 'markov', '--input', 'paths.csv', '--order', '5'],
      'order must be an integer from 1 to 4',
    ],
    [['--model', 'magic', '--input', 'paths.csv'], 'unknown model "magic"'],
  ])('Given bad arguments %j, When run, Then it exits 2 with a clear message', (argv, message) => {
    const io = fakeIo({ 'paths.csv': VIGNETTE });
    expect(runCli(argv, io)).toBe(EXIT_USAGE);
    expect(io.err).toContain(message);
    expect(io.out).toBe('');
  });

  it('Given a malformed row or a missing file, When run, Then it exits 1 naming the problem', () => {
    const io = fakeIo({ 'bad.csv': 'path,conversions,nulls\nA,-2,1\n' });
    expect(runCli(['--model', 'linear', '--input', 'bad.csv'], io)).toBe(EXIT_FAILED);
    expect(io.err).toContain('line 2, column "conversions": must not be negative');
    const missing = fakeIo({});
    expect(runCli(['--model', 'linear', '--input', 'nope.csv'], missing)).toBe(EXIT_FAILED);
    expect(missing.err).toContain('cannot read nope.csv');
  });

  it('Given --help, When run, Then it prints the usage and exits 0', () => {
    const io = fakeIo({});
    expect(runCli(['--help'], io)).toBe(EXIT_OK);
    expect(io.out).toContain('usage: attribute');
  });
});

describe('nodeIo.readFile', () => {
  it.each([
    ['ASCII', 'path,conversions,nulls,revenue\nA > B,1,0,12.50\n'],
    ['UTF-8 with a byte order mark', '\uFEFFpath;conversions;nulls\nÖdeme > İndirim;1;0\n'],
  ])('reads a %s file as written, which the CLI then parses', (_kind, text) => {
    const file = join(mkdtempSync(join(tmpdir(), 'attribute-')), 'paths.csv');
    writeFileSync(file, text);
    expect(nodeIo.readFile(file)).toBe(text);
    const io = fakeIo({ [file]: text });
    expect(runCli(['--model', 'linear', '--input', file, '--compact'], io)).toBe(EXIT_OK);
    const result = JSON.parse(io.out) as { channels: Record<string, unknown> };
    expect(Object.keys(result.channels)).toHaveLength(2);
  });
});
