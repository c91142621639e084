// XMP sidecars: "IMG_1234.xmp" (or "IMG_1234.CR2.xmp") beside an image, written by Lightroom,
// darktable, digiKam and cameras' apps; they hold the keywords, captions, ratings and edits an
// examiner's counterpart made. The file is told an XMP packet by its content; only the
// association with its image uses the name (case-queries link them by base name after ingest).

/** MIME given to sidecar content when its metadata is read (metadata-containers.ts). */
export const XMP_SIDECAR_TYPE = 'application/rdf+xml';

/** Sidecars are KBs; a "sidecar" of megabytes is not read as one. */
const MAX_SIDECAR_BYTES = 4 * 1024 * 1024;

export function isXmpSidecar(name: string, bytes: Uint8Array): boolean {
  if (!/\.xmp$/i.test(name) || bytes.length > MAX_SIDECAR_BYTES) return false;
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('utf8');
  return head.includes('<x:xmpmeta') || head.includes('<?xpacket') || head.includes('<rdf:RDF');
}

/** The rel_paths an image could have for a sidecar at `sidecarPath` ("a/IMG_1.xmp" → "a/IMG_1.<ext>" or "a/IMG_1"). */
export function sidecarStem(sidecarPath: string): string {
  return sidecarPath.replace(/\.xmp$/i, '');
}
