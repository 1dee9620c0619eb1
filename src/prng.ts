// The one seeded PRNG (mulberry32): the runtime's randomizer draws from it (its state a plain
// number kept in the conversation's state, so a conversation stays a value), and the emulator's
// fault knobs each from a stream of their own, so turning one knob on never shifts another's
// sequence. Same seed, same numbers, everywhere.

export type Random = () => number;

/** One draw: the next state (a signed 32-bit integer) and a number in [0, 1). */
export function mulberry32Next(state: number): { state: number; value: number } {
  const next = (state + 0x6d2b79f5) | 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return { state: next, value: ((t ^ (t >>> 14)) >>> 0) / 4294967296 };
}

/** Numbers in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): Random {
  let state = seed | 0;
  return () => {
    const drawn = mulberry32Next(state);
    state = drawn.state;
    return drawn.value;
  };
}

/** An independent stream for `name` under `seed`. */
export function streamFor(seed: number, name: string): Random {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return mulberry32(h);
}
