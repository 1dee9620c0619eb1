// Colour only on a terminal, never with NO_COLOR (https://no-color.org), forced by FORCE_COLOR.
export interface Palette {
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  cyan(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

export const COLORS: Palette = {
  red: wrap(31, 39),
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  blue: wrap(34, 39),
  cyan: wrap(36, 39),
  dim: wrap(2, 22),
  bold: wrap(1, 22),
};

const same = (s: string) => s;
export const NO_COLORS: Palette = {
  red: same,
  green: same,
  yellow: same,
  blue: same,
  cyan: same,
  dim: same,
  bold: same,
};

export function useColor(
  env: Record<string, string | undefined>,
  isTTY: boolean | undefined,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTTY === true && env.TERM !== 'dumb';
}

export function paletteFor(color: boolean): Palette {
  return color ? COLORS : NO_COLORS;
}
