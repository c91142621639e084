// The e2e case and server: benign generated scenes (a few with fake camera EXIF and dates),
// ingested by the built `lanterne` command; one scene made "known" (category 1) by a test hash
// set holding its MD5; then `lanterne serve` on a free port, its printed URL read back.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LANTERNE_BIN, runCli } from '../fixtures/cli.js';
import sharp from 'sharp';
import { sceneJpeg } from '../fixtures/generate.js';

export const KNOWN_FILE = 'downloads/known-scene.jpg';
/** Markup and a right-to-left override in a file name, as seized folders can hold. */
export const HOSTILE_NAME = '<img src=x onerror=alert(1)>\u202Egpj.exe.jpg';
export const HOSTILE_MAKE = '<script>alert("make")</script>';

const CAMERAS = [
  { make: 'Canon', model: 'Canon EOS 600D', serial: '123063022888' },
  { make: 'Apple', model: 'iPhone 12' },
  { make: 'samsung', model: 'SM-G930V' },
];

/**
 * `nearDuplicates` adds re-encoded, resized copies of one new scene and of the known scene, so
 * each forms a near-duplicate cluster (the known one's copy becomes known by its PDQ hash).
 */
export async function buildE2eCase(dir: string, options: { nearDuplicates?: boolean } = {}): Promise<{ caseDir: string; knownJpeg: Buffer }> {
  const evidence = path.join(dir, 'evidence');
  const caseDir = path.join(dir, 'case');
  for (const sub of ['camera', 'downloads', 'chat']) mkdirSync(path.join(evidence, sub), { recursive: true });
  for (let i = 1; i <= 22; i++) {
    const camera = i % 4 === 0 ? undefined : CAMERAS[i % CAMERAS.length];
    const exif = camera ? { ...camera, taken: `2021:0${1 + (i % 9)}:1${i % 10} 1${i % 10}:2${i % 6}:00` } : undefined;
    const jpeg = await sceneJpeg({ width: 640 + (i % 3) * 160, height: 480, seed: 100 + i, label: `ROOM ${i}`, exif });
    writeFileSync(path.join(evidence, i % 3 === 0 ? 'chat' : 'camera', `IMG_${String(1000 + i)}.jpg`), jpeg);
  }
  const knownJpeg = await detailedScene(800, 600);
  writeFileSync(path.join(evidence, KNOWN_FILE), knownJpeg);
  writeFileSync(path.join(evidence, 'chat', 'export.txt'), 'a chat export: not an image\n');
  writeFileSync(
    path.join(evidence, 'chat', HOSTILE_NAME),
    await sceneJpeg({ width: 640, height: 480, seed: 99, label: 'HOSTILE', exif: { make: HOSTILE_MAKE, model: 'Model\u0007with a bell' } }),
  );
  if (options.nearDuplicates) {
    mkdirSync(path.join(evidence, 'copies'), { recursive: true });
    const scene = await sceneJpeg({ width: 800, height: 480, seed: 500, label: 'BEDROOM' });
    writeFileSync(path.join(evidence, 'copies', 'room-original.jpg'), scene);
    writeFileSync(path.join(evidence, 'copies', 'room-copy-small.jpg'), await sharp(scene).resize(400).jpeg({ quality: 70 }).toBuffer());
    writeFileSync(path.join(evidence, 'copies', 'known-copy-small.jpg'), await sharp(knownJpeg).resize(400).jpeg({ quality: 75 }).toBuffer());
  }
  const set = path.join(dir, 'test-known.md5');
  writeFileSync(set, `# e2e test set: one benign generated scene\n${createHash('md5').update(knownJpeg).digest('hex')}  known-scene.jpg\n`);

  for (const args of [
    ['ingest', evidence, '--case', caseDir],
    ['hashset', 'import', caseDir, set, '--name', 'test-known', '--category', '1'],
  ]) {
    const run = await runCli(args);
    if (run.code !== 0) throw new Error(`lanterne ${args[0]} failed (${run.code}): ${run.stderr}`);
  }
  return { caseDir, knownJpeg };
}

/**
 * The "known" image: a generated scene under a fine grid of lines, so that its detail shows at
 * every scale and the pixel checks can tell a blurred render from the real one anywhere in it.
 */
async function detailedScene(width: number, height: number): Promise<Buffer> {
  const lines: string[] = [];
  for (let x = 0; x < width; x += 10) lines.push(`<line x1="${x}" y1="0" x2="${x}" y2="${height}"/>`);
  for (let y = 0; y < height; y += 10) lines.push(`<line x1="0" y1="${y}" x2="${width}" y2="${y}"/>`);
  const grid = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><g stroke="black" stroke-width="2" opacity="0.6">${lines.join('')}</g></svg>`;
  const scene = await sceneJpeg({ width, height, seed: 7, label: 'KNOWN' });
  return sharp(scene).composite([{ input: Buffer.from(grid) }]).jpeg({ quality: 90 }).toBuffer();
}

export interface Served {
  url: string;
  openUrl: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export function serve(caseDir: string): Promise<Served> {
  const child = spawn(process.execPath, [LANTERNE_BIN, 'serve', caseDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`lanterne serve printed no URL in 20 s: ${out}${err}`)), 20_000);
    child.stderr!.setEncoding('utf8').on('data', (t: string) => (err += t));
    child.on('exit', (code) => reject(new Error(`lanterne serve exited (${code}): ${err}`)));
    child.stdout!.setEncoding('utf8').on('data', (t: string) => {
      out += t;
      const match = /^Open: (http:\/\/127\.0\.0\.1:\d+\/)\?token=(\S+)$/m.exec(out);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1]!,
        openUrl: `${match[1]}?token=${match[2]}`,
        child,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
