// The numbered migrations, in order. Append only: a landed migration is never edited.
import * as m001 from './001-initial.js';
import * as m002 from './002-known-material.js';
import * as m003 from './003-audit.js';
import * as m004 from './004-review.js';
import * as m005 from './005-metadata-depth.js';
import * as m006 from './006-crash-safety.js';
import * as m007 from './007-gallery-indexes.js';
import * as m008 from './008-gallery-type-counts.js';
import * as m009 from './009-item-search.js';
import * as m010 from './010-gallery-dated.js';
import * as m011 from './011-gallery-facets.js';

export interface Migration {
  version: number;
  name: string;
  up: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: '001-initial', up: m001.up },
  { version: 2, name: '002-known-material', up: m002.up },
  { version: 3, name: '003-audit', up: m003.up },
  { version: 4, name: '004-review', up: m004.up },
  { version: 5, name: '005-metadata-depth', up: m005.up },
  { version: 6, name: '006-crash-safety', up: m006.up },
  { version: 7, name: '007-gallery-indexes', up: m007.up },
  { version: 8, name: '008-gallery-type-counts', up: m008.up },
  { version: 9, name: '009-item-search', up: m009.up },
  { version: 10, name: '010-gallery-dated', up: m010.up },
  { version: 11, name: '011-gallery-facets', up: m011.up },
];
