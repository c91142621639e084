// Issue 8 end to end through the built CLI: an XMP sidecar's keywords appear on its image in the
// export; `lanterne cameras` lists each camera body once, across evidence roots; the export
// carries exif.serial/serials and the edit traces. Generated benign scenes only, plus the corpus.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../fixtures/cli.js';
import { CORPUS, scratchDir } from '../../fixtures/corpus.js';
import { sceneJpeg } from '../../fixtures/generate.js';

const sidecarXmp = (keywords: string[], creator: string) => `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:subject><rdf:Bag>${keywords.map((k) => `<rdf:li>${k}</rdf:li>`).join('')}</rdf:Bag></dc:subject>
   <dc:creator><rdf:Seq><rdf:li>${creator}</rdf:li></rdf:Seq></dc:creator>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;

describe('sidecars and cameras through the CLI', () => {
  let dir: string;
  let caseDir: string;
  beforeAll(async () => {
    dir = scratchDir('lanterne-meta-');
    const [a, b] = [path.join(dir, 'phone-a'), path.join(dir, 'card-b')];
    mkdirSync(path.join(a, 'DCIM'), { recursive: true });
    mkdirSync(b, { recursive: true });
    const cam = { make: 'TestMaker', model: 'Body One', taken: '2024:05:01 10:00:00' };
    writeFileSync(path.join(a, 'DCIM', 'IMG_0001.JPG'), await sceneJpeg({ width: 640, height: 480, seed: 1, exif: { ...cam, serial: 'SN424242' } }));
    writeFileSync(path.join(a, 'DCIM', 'IMG_0001.xmp'), sidecarXmp(['red door', 'blue car'], 'Examiner Test'));
    writeFileSync(path.join(a, 'DCIM', 'IMG_0002.JPG'), await sceneJpeg({ width: 640, height: 480, seed: 2, exif: { ...cam, serial: 'SN999001', taken: '2024:05:02 11:00:00' } }));
    writeFileSync(path.join(b, 'IMG_0100.JPG'), await sceneJpeg({ width: 640, height: 480, seed: 3, exif: { ...cam, serial: 'SN424242', taken: '2024:06:01 09:30:00' } }));
    writeFileSync(path.join(b, 'IMG_0101.JPG'), await sceneJpeg({ width: 640, height: 480, seed: 4, exif: { ...cam, serial: '0000000000' } }));
    caseDir = path.join(dir, 'case');
    const run = await runCli(['ingest', a, b, '--case', caseDir, '--workers', '1', '--quiet']);
    expect(run.code, run.stderr).toBe(0);
  });

  it("puts a sidecar's keywords on its image in the export, and records the link", async () => {
    const out = await runCli(['export', caseDir, '--format', 'jsonl']);
    expect(out.code, out.stderr).toBe(0);
    const records = out.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const image = records.find((r) => r['path'] === 'DCIM/IMG_0001.JPG')!;
    expect(image['keywords']).toEqual(['red door', 'blue car']);
    expect(image['sidecars']).toEqual(['DCIM/IMG_0001.xmp']);
    const other = records.find((r) => r['path'] === 'DCIM/IMG_0002.JPG')!;
    expect(other['keywords']).toEqual([]);
    const exif = image['exif'] as Record<string, unknown>;
    expect(exif['serial']).toBe('SN424242');
    expect(exif['serials']).toEqual([{ kind: 'body', value: 'SN424242', source: 'exif.BodySerialNumber' }]);
    expect(image['edited']).toMatchObject({ thumbnailMismatch: null, possiblyEdited: false });
  });

  it('lists the same serial in two evidence roots as one camera, and leaves placeholder serials out', async () => {
    const out = await runCli(['cameras', caseDir, '--json']);
    expect(out.code, out.stderr).toBe(0);
    const cameras = JSON.parse(out.stdout) as Array<Record<string, unknown>>;
    expect(cameras).toHaveLength(2);
    expect(cameras[0]).toMatchObject({ make: 'TestMaker', model: 'Body One', serial: 'SN424242', serialKind: 'body', items: 2, roots: 2, firstTaken: '2024-05-01T10:00:00', lastTaken: '2024-06-01T09:30:00' });
    expect(cameras[1]).toMatchObject({ serial: 'SN999001', items: 1, roots: 1 });
    const table = await runCli(['cameras', caseDir]);
    expect(table.stdout).toMatch(/SN424242\s+2\s+2/);
  });

  it('on the shared corpus, lists each distinct serial once with its image count', async () => {
    const corpusCase = path.join(dir, 'corpus-case');
    await runCli(['ingest', CORPUS, '--case', corpusCase, '--workers', '2', '--quiet']); // exits 1: the corpus has broken files on purpose
    const out = await runCli(['cameras', corpusCase, '--json']);
    expect(out.code, out.stderr).toBe(0);
    const cameras = JSON.parse(out.stdout) as Array<{ make: string; model: string; serial: string; items: number }>;
    const text = await runCli(['cameras', corpusCase]);
    console.log(text.stdout);
    const keys = cameras.map((c) => `${c.make}|${c.model}|${c.serial}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(cameras.length).toBeGreaterThanOrEqual(25);
    // The three copies of one Canon EOS 600D photo (JPEG, its EXIF dump and a re-save) are one camera.
    expect(cameras.find((c) => c.serial === '123063022888')).toMatchObject({ model: 'Canon EOS 600D', items: 3 });
    for (const c of cameras) expect(c.items).toBeGreaterThan(0);
  });
});
