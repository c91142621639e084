// The numbered migrations, in order. Append only: a landed migration is never edited.
import * as m001 from './001-initial.js';

export interface Migration {
  version: number;
  name: string;
  up: string;
}

export const MIGRATIONS: readonly Migration[] = [{ version: 1, name: '001-initial', up: m001.up }];
