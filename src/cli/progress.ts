// Progress while applying: a bar on a terminal (redrawn in place on stderr), plain lines
// otherwise, so CI logs read as a list of what was done.
import type { ApplyEvent } from '../apply/executor.js';
import { doneLine } from '../apply/describe.js';
import type { Palette } from '../render/colors.js';
import type { CliIo } from './io.js';

export interface Progress {
  onEvent(event: ApplyEvent): void;
  finish(): void;
}

export function createProgress(
  io: CliIo,
  total: number,
  palette: Palette,
  interactive: boolean,
): Progress {
  let done = 0;
  const bar = interactive && total > 5;
  const draw = () => {
    const width = 30;
    const filled = Math.round((done / Math.max(1, total)) * width);
    io.stderr.write(
      `\r  [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} calls`,
    );
  };
  return {
    onEvent(event) {
      if (event.type === 'done') {
        done++;
        if (bar) draw();
        else {
          const line = doneLine(event.op, event.id);
          const coloured =
            event.op.action === 'create'
              ? palette.green(line)
              : event.op.action === 'delete'
                ? palette.red(line)
                : palette.yellow(line);
          io.stdout.write(
            `  ${coloured}${event.recovered === 'found' ? ' (confirmed after a lost answer)' : ''}\n`,
          );
        }
      }
    },
    finish() {
      if (bar) io.stderr.write('\n');
    },
  };
}
