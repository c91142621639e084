// Synthetic, benign demo scenes for trainers (issue 6): rooms with patterned wallpaper, a floor,
// a window, furniture and objects, a shop sign with invented text and an invented logo — the kinds
// of background clue victim identification works from. No people, ever. Everything comes from a
// seeded generator, so a demo made twice is byte-identical.
import { seededRandom } from '../../../shared/seeded-random.js';

/** Invented shop names and slogans: none is a real business. */
const SIGN_TEXTS = ['CAFÉ LUMIÈRE', 'BÄCKEREI SONNENTAL', 'FERRETERÍA OKAPI', 'PIZZERIA NEBULA', 'KIOSK 27', 'LAVERIE DES TILLEULS', 'HOTEL ZEPHYRINE', 'MERCADO LUZ'];
const LOGO_TEXTS = ['NORVANTA', 'QUILLO', 'ZEFRA', 'OMBRIX', 'TAVELO'];

/** Where the clue objects were drawn, in fractions of the image: the demo marks them as regions. */
export interface SceneClues {
  sign: { x: number; y: number; w: number; h: number; text: string };
  logo: { x: number; y: number; w: number; h: number; text: string };
  wallpaper: { x: number; y: number; w: number; h: number };
}

const f = (n: number) => n.toFixed(1);

export function demoSceneSvg(width: number, height: number, seed: number): { svg: string; clues: SceneClues } {
  const r = seededRandom(seed * 7919 + 17);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const hue = () => Math.floor(r() * 360);
  const hsl = (h: number, s: number, l: number) => `hsl(${h},${s}%,${l}%)`;
  const wallHue = hue();
  const wallY = height * 0.68; // where the floor starts
  const motif = Math.floor(r() * 3);
  const cell = 18 + Math.floor(r() * 22);
  const pattern = [
    `<rect width="${cell}" height="${cell}" fill="${hsl(wallHue, 45, 78)}"/><rect width="${cell / 3}" height="${cell}" fill="${hsl(wallHue, 50, 62)}"/>`,
    `<rect width="${cell}" height="${cell}" fill="${hsl(wallHue, 35, 82)}"/><circle cx="${cell / 2}" cy="${cell / 2}" r="${cell / 5}" fill="${hsl((wallHue + 40) % 360, 55, 55)}"/>`,
    `<rect width="${cell}" height="${cell}" fill="${hsl(wallHue, 40, 75)}"/><path d="M0 ${cell / 2} L${cell / 2} 0 L${cell} ${cell / 2} L${cell / 2} ${cell}Z" fill="none" stroke="${hsl((wallHue + 180) % 360, 45, 45)}" stroke-width="2"/>`,
  ][motif];
  const plank = 30 + Math.floor(r() * 30);
  const planks: string[] = [];
  for (let x = 0; x < width; x += plank) planks.push(`<line x1="${x}" y1="${f(wallY)}" x2="${x - width * 0.1}" y2="${height}" stroke="#5a3d22" stroke-width="2"/>`);

  const win = { x: width * (0.55 + r() * 0.2), y: height * 0.1, w: width * 0.2, h: height * 0.3 };
  const table = { x: width * (0.1 + r() * 0.3), w: width * 0.3 };
  const signText = pick(SIGN_TEXTS);
  const sign = { x: width * 0.06, y: height * 0.08, w: width * 0.42, h: height * 0.13, text: signText };
  const logoText = pick(LOGO_TEXTS);
  const logo = { x: table.x + table.w * 0.55, y: wallY - height * 0.2, w: width * 0.12, h: height * 0.12, text: logoText };
  const objects: string[] = [];
  // A clock, a plant and a lamp in varying places.
  const clockX = width * (0.3 + r() * 0.15);
  objects.push(`<circle cx="${f(clockX)}" cy="${f(height * 0.33)}" r="${f(height * 0.06)}" fill="white" stroke="#222" stroke-width="4"/><line x1="${f(clockX)}" y1="${f(height * 0.33)}" x2="${f(clockX)}" y2="${f(height * 0.29)}" stroke="#222" stroke-width="3"/><line x1="${f(clockX)}" y1="${f(height * 0.33)}" x2="${f(clockX + height * 0.03)}" y2="${f(height * 0.33)}" stroke="#222" stroke-width="3"/>`);
  const plantX = width * (0.8 + r() * 0.12);
  objects.push(`<rect x="${f(plantX)}" y="${f(wallY - height * 0.1)}" width="${f(width * 0.06)}" height="${f(height * 0.1)}" fill="${hsl(hue(), 50, 40)}"/><ellipse cx="${f(plantX + width * 0.03)}" cy="${f(wallY - height * 0.16)}" rx="${f(width * 0.05)}" ry="${f(height * 0.08)}" fill="${hsl(120, 45, 35)}"/>`);
  objects.push(`<rect x="${f(table.x + table.w * 0.1)}" y="${f(wallY - height * 0.12)}" width="${f(width * 0.015)}" height="${f(height * 0.12)}" fill="#333"/><path d="M${f(table.x + table.w * 0.02)} ${f(wallY - height * 0.12)} L${f(table.x + table.w * 0.2)} ${f(wallY - height * 0.12)} L${f(table.x + table.w * 0.15)} ${f(wallY - height * 0.2)} L${f(table.x + table.w * 0.07)} ${f(wallY - height * 0.2)}Z" fill="${hsl(hue(), 70, 60)}"/>`);

  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
<defs><pattern id="wall" width="${cell}" height="${cell}" patternUnits="userSpaceOnUse">${pattern}</pattern></defs>
<rect width="${width}" height="${f(wallY)}" fill="url(#wall)"/>
<rect y="${f(wallY)}" width="${width}" height="${f(height - wallY)}" fill="#9b6b3f"/>${planks.join('')}
<rect x="${f(win.x)}" y="${f(win.y)}" width="${f(win.w)}" height="${f(win.h)}" fill="${hsl(200, 70, 80)}" stroke="white" stroke-width="8"/>
<line x1="${f(win.x + win.w / 2)}" y1="${f(win.y)}" x2="${f(win.x + win.w / 2)}" y2="${f(win.y + win.h)}" stroke="white" stroke-width="6"/>
<rect x="${f(table.x)}" y="${f(wallY - height * 0.02)}" width="${f(table.w)}" height="${f(height * 0.03)}" fill="#6b4423"/>
<rect x="${f(table.x + 8)}" y="${f(wallY)}" width="10" height="${f(height * 0.18)}" fill="#6b4423"/><rect x="${f(table.x + table.w - 18)}" y="${f(wallY)}" width="10" height="${f(height * 0.18)}" fill="#6b4423"/>
${objects.join('\n')}
<rect x="${f(sign.x)}" y="${f(sign.y)}" width="${f(sign.w)}" height="${f(sign.h)}" fill="${hsl(hue(), 60, 30)}" stroke="#111" stroke-width="3"/>
<text x="${f(sign.x + sign.w * 0.05)}" y="${f(sign.y + sign.h * 0.68)}" font-family="DejaVu Sans, sans-serif" font-weight="bold" font-size="${f(Math.min(sign.h * 0.5, (sign.w * 0.9) / (signText.length * 0.68)))}" fill="white">${signText}</text>
<rect x="${f(logo.x)}" y="${f(logo.y)}" width="${f(logo.w)}" height="${f(logo.h)}" rx="${f(logo.h * 0.2)}" fill="white" stroke="${hsl(hue(), 70, 40)}" stroke-width="4"/>
<circle cx="${f(logo.x + logo.w * 0.5)}" cy="${f(logo.y + logo.h * 0.38)}" r="${f(logo.h * 0.22)}" fill="${hsl(hue(), 80, 50)}"/>
<text x="${f(logo.x + logo.w * 0.08)}" y="${f(logo.y + logo.h * 0.88)}" font-family="DejaVu Sans, sans-serif" font-size="${f(logo.h * 0.2)}" fill="#111">${logoText}</text>
</svg>`;
  const frac = (b: { x: number; y: number; w: number; h: number }) => ({
    x: clamp(b.x / width), y: clamp(b.y / height), w: Math.min(b.w / width, 1 - clamp(b.x / width)), h: Math.min(b.h / height, 1 - clamp(b.y / height)),
  });
  return {
    svg,
    clues: {
      sign: { ...frac(sign), text: signText },
      logo: { ...frac(logo), text: logoText },
      wallpaper: frac({ x: 0, y: height * 0.25, w: width * 0.25, h: height * 0.35 }),
    },
  };
}

const clamp = (v: number) => Math.min(0.999, Math.max(0, v));
