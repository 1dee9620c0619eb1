// Starting an HTTP server, shared by the emulator and the live runner's webhook receiver:
// resolves once it listens, rejects with the bind error (EADDRINUSE, ...) instead of emitting it.
import type { Server } from 'node:http';

export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
