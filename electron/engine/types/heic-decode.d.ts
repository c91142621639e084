// heic-decode ships no types. What the engine uses of it (libheif compiled to wasm).
declare module 'heic-decode' {
  interface DecodedImage {
    width: number;
    height: number;
    data: Uint8ClampedArray; // RGBA, orientation transforms (irot/imir) already applied by libheif
  }
  interface LazyImage {
    width: number;
    height: number;
    decode(): Promise<DecodedImage>;
  }
  interface DecodeAll {
    (options: { buffer: Uint8Array | ArrayBuffer }): Promise<LazyImage[] & { dispose(): void }>;
  }
  const decode: ((options: { buffer: Uint8Array | ArrayBuffer }) => Promise<DecodedImage>) & { all: DecodeAll };
  export default decode;
}
