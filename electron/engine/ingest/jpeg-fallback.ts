// A second JPEG decoder for damaged files libvips refuses outright. libvips turns some of
// libjpeg's warnings ("premature end of data segment", a restart marker out of place) into errors
// even when told to fail on nothing, while libjpeg itself goes on and shows what the file still
// holds — as ImageMagick, and so the reference PDQ tool, do. Recovered and carved JPEGs are often
// damaged like that, and most of their picture is still there for the examiner.
//
// mozjpeg (libjpeg-turbo's API) compiled to WebAssembly, from npm (@jsquash/jpeg): the wasm file
// ships in the package and is read from disk; nothing is fetched. Loaded on first use only.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface FallbackImage {
  /** RGBA, 4 bytes a pixel, stored orientation (EXIF orientation not applied). */
  rgba: Buffer;
  width: number;
  height: number;
  /** What libjpeg said while decoding (its warnings). */
  warnings: string[];
}

type Decode = (buffer: ArrayBuffer) => Promise<{ data: Uint8ClampedArray; width: number; height: number }>;
/** A compiled WebAssembly.Module (the project's TypeScript libs do not declare WebAssembly). */
type WasmModule = object;
type Init = (module: WasmModule, options: { printErr: (text: string) => void }) => Promise<void>;
const { compile } = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WasmModule> } }).WebAssembly;

let compiled: Promise<{ decode: Decode; init: Init; wasm: WasmModule }> | null = null;
/** Where the module instance sends libjpeg's messages: the decode in progress's list. */
let messages: string[] = [];
let needsInit = true;

function load() {
  return (compiled ??= (async () => {
    const { default: decode, init } = (await import('@jsquash/jpeg/decode.js')) as unknown as { default: Decode; init: Init };
    // Resolved through the package itself, so it is found wherever npm put it (and, packaged,
    // in app.asar.unpacked, where every .wasm goes).
    const file = path.join(path.dirname(createRequire(import.meta.url).resolve('@jsquash/jpeg/package.json')), 'codec', 'dec', 'mozjpeg_dec.wasm');
    return { decode, init, wasm: await compile(readFileSync(file)) };
  })());
}

/** Decodes what the file holds; throws when libjpeg cannot make an image of it at all. */
export async function decodeDamagedJpeg(bytes: Uint8Array): Promise<FallbackImage> {
  const { decode, init, wasm } = await load();
  if (needsInit) {
    // A fresh instance: one whose decode failed has exited (emscripten's exit()) and is not reused.
    await init(wasm, { printErr: (text) => void messages.push(text) });
    needsInit = false;
  }
  messages = [];
  const copy = new Uint8Array(bytes).buffer; // the decoder takes an ArrayBuffer of its own
  try {
    const image = await decode(copy);
    return { rgba: Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), width: image.width, height: image.height, warnings: messages };
  } catch (error) {
    needsInit = true;
    const said = messages.join('; ');
    throw new Error(said || (error instanceof Error ? error.message : String(error)));
  }
}
