// Asking for approval on a terminal. Never called when not on one: every question has a flag.
import { createInterface } from 'node:readline/promises';
import type { CliIo } from './io.js';

export function isInteractive(io: CliIo, ci: boolean): boolean {
  return !ci && io.stdin.isTTY === true && io.stdout.isTTY === true && !io.env.CI;
}

export async function confirm(io: CliIo, question: string): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: io.stdout });
  try {
    const answer = await rl.question(`${question}\n  Only 'yes' will be accepted: `);
    return answer.trim() === 'yes';
  } finally {
    rl.close();
  }
}
