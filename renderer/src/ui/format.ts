// Plain formatting for the UI. Dates are shown exactly as the camera recorded them — never
// converted to this machine's time zone, which would change what the examiner reads.
const NUMBER = new Intl.NumberFormat('en-GB');

export const count = (n: number) => NUMBER.format(n);

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** "2021-07-04T13:22:10+02:00" → "2021-07-04 13:22:10 +02:00", as recorded. */
export function recorded(taken: string | null): string {
  return taken ? taken.replace('T', ' ').replace(/([+-]\d\d:\d\d|Z)$/, ' $1') : '—';
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** The short form a badge has room for: "cat 1", or "uncat." */
export function categoryShort(code: number | null): string {
  return code === null ? 'uncategorised' : `cat ${code}`;
}
