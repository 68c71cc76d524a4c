// Two tiers, by file suffix: `*.test.ts` is pure logic (no servers), `*.int.test.ts` talks to the
// real Kafka, Redis and PostgreSQL that scripts/infra/up.sh provides.
const fs = require('node:fs');

// `jest --selectProjects unit libs/kafka` would read the folder as a project name; folders given
// on the command line narrow the roots instead, so both spellings run just that folder.
const folders = process.argv
  .slice(2)
  .filter((a) => !a.startsWith('-') && fs.existsSync(a) && fs.statSync(a).isDirectory());
const roots = folders.length
  ? { roots: folders.map((f) => `<rootDir>/${f.replace(/\/$/, '')}`) }
  : {};

const swc = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];
const common = {
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@tributary/(loader|demo-data)$': '<rootDir>/tools/$1/src',
    '^@tributary/([a-z-]+)$': '<rootDir>/libs/$1/src',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  ...roots,
};
module.exports = {
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/**/*.test.ts', '!**/*.int.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/**/*.int.test.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
    },
  ],
};
