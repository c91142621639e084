// The API's method names: namespaced constants, never inline strings (STYLE.md, habit 3). The same
// names are IPC channels in Electron and `/api/<name>` paths on the loopback bridge.
export const API = {
  caseSummary: 'case:summary',
  itemsQuery: 'items:query',
  itemGet: 'item:get',
  itemReveal: 'item:reveal',
  itemSimilar: 'item:similar',
  itemsCategorise: 'items:categorise',
  itemsTag: 'items:tag',
  tagsList: 'tags:list',
  regionAdd: 'region:add',
  regionEdit: 'region:edit',
  regionRemove: 'region:remove',
  regionsList: 'regions:list',
  camerasList: 'cameras:list',
  caseExport: 'case:export',
} as const;

export type ApiMethod = (typeof API)[keyof typeof API];

const NAMES: ReadonlySet<string> = new Set(Object.values(API));

export function isApiMethod(name: string): name is ApiMethod {
  return NAMES.has(name);
}
