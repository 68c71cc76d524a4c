import { loadCsvTable, type CsvTableLoad } from './load-csv-table';

describe('loadCsvTable command line (node:util parseArgs)', () => {
  const load: CsvTableLoad<string> = {
    name: 'load-test',
    usage: '<file.csv|->',
    parse: () => {
      throw new Error('not reached');
    },
    write: () => Promise.resolve(0),
  };
  let written = '';
  beforeEach(() => {
    written = '';
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written += String(chunk);
      return true;
    });
  });
  afterEach(() => jest.restoreAllMocks());

  it.each([
    [['--help'], 0, /^usage: load-test <file\.csv\|->/],
    [[], 2, /^usage: load-test/],
    [['a.csv', 'b.csv'], 2, /^usage: load-test/],
    [['--rows', 'a.csv'], 2, /^error: Unknown option '--rows'/],
  ])('%j exits %i', async (argv, code, output) => {
    expect(await loadCsvTable(load, argv, {})).toBe(code);
    expect(written).toMatch(output);
  });
});
