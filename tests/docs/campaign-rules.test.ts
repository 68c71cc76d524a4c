import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');
const rules = readFileSync(join(root, 'docs', 'campaign-rules.md'), 'utf8');
/** The rules the page defines: each is a list item `- R<n> <title>.` */
const defined = new Set([...rules.matchAll(/^- (R\d{1,2}) /gm)].map((m) => m[1]));

/** Source files of the campaign engine, where `R<n>` names a rule (elsewhere it may not). */
function sources(dir: string, into: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, into);
    else if (name.endsWith('.ts')) into.push(path);
  }
  return into;
}

describe('docs/campaign-rules.md', () => {
  it('defines R1 to R25', () => {
    expect([...defined].sort()).toEqual(Array.from({ length: 25 }, (_, i) => `R${i + 1}`).sort());
  });

  it('defines every rule the campaign code cites', () => {
    const files = ['services/campaign-goals/src', 'services/campaign-core/src'].flatMap((dir) =>
      sources(join(root, dir)),
    );
    const unknown: string[] = [];
    let citations = 0;
    for (const file of files) {
      for (const [, rule] of readFileSync(file, 'utf8').matchAll(/\b(R\d{1,2})\b/g)) {
        citations += 1;
        if (!defined.has(rule)) unknown.push(`${relative(root, file)}: ${rule}`);
      }
    }
    expect(citations).toBeGreaterThan(100);
    expect(unknown).toEqual([]);
  });

  it('is where the READMEs and the contributor guide send a reader of R<n>', () => {
    for (const page of [
      'services/campaign-goals/README.md',
      'services/campaign-core/README.md',
      'docs/CONTRIBUTING.md',
    ]) {
      expect(readFileSync(join(root, page), 'utf8')).toMatch(/campaign-rules\.md/);
    }
  });
});
