// A malformed hash set ends with a clear error that names the file and what is wrong, and the
// case is exactly as before: no set row, no entries, no matches.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCase, type CaseHandle } from '../../../../electron/engine/case/case-folder.js';
import { importHashSet } from '../../../../electron/engine/hashsets/import-set.js';
import { corpusPath, scratchDir } from '../../../fixtures/corpus.js';

let dir: string;
let handle: CaseHandle;
const MD5 = 'd41d8cd98f00b204e9800998ecf8427e';
const VICS_HEAD = '{"@odata.context":"http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/Default/$metadata#Media","value":[';

function fixture(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

function caseState() {
  const count = (table: string) => (handle.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { sets: count('hashsets'), entries: count('hashset_entries'), matches: count('matches') };
}

beforeAll(async () => {
  dir = scratchDir();
  handle = openCase(path.join(dir, 'case'), { create: true });
  // One good set first, so "unchanged" means more than "empty".
  await importHashSet(handle.db, corpusPath('hashsets', 'synthetic-from-corpus', 'hashdeep-md5-sha256-3files.txt'), { name: 'good' });
});

afterAll(() => handle.close());

const cases: [string, () => string, RegExp][] = [
  ['truncated VICS JSON', () => fixture('truncated.json', `${VICS_HEAD}{"MD5":"${MD5.toUpperCase()}","Category":1},{"MD5":"`), /truncated\.json.*(record|end|truncat)/i],
  ['non-hex hash', () => fixture('nonhex.txt', `${MD5}\nzz41d8cd98f00b204e9800998ecf8427e\n`), /nonhex\.txt, line 2/],
  ['wrong-length hash', () => fixture('short.txt', `${MD5}\n${MD5.slice(0, 30)}\n`), /short\.txt, line 2/],
  ['empty file', () => fixture('empty.txt', ''), /empty\.txt/],
  ['CSV with no hash column', () => fixture('cols.csv', 'name,size,colour\nfoo,1,red\n'), /cols\.csv/],
  ['SQLite that is not RDS', () => {
    const file = path.join(dir, 'other.db');
    const db = new Database(file);
    db.exec('CREATE TABLE things (a TEXT); INSERT INTO things VALUES (1);');
    db.close();
    return file;
  }, /other\.db.*FILE/],
];

describe('malformed hash sets', () => {
  for (const [label, make, message] of cases) {
    it(`${label}: clear error, case unchanged`, async () => {
      const before = caseState();
      const file = make();
      const error = await importHashSet(handle.db, file).then(() => null, (e: unknown) => e as Error);
      expect(error, label).toBeInstanceOf(Error);
      console.log(`${label}: ${error!.message}`);
      expect(error!.message).toMatch(message);
      expect(caseState()).toEqual(before);
      expect(handle.db.inTransaction).toBe(false);
    });
  }
});
