// Work per key, one at a time and in arrival order (a bot user's messages must be answered and
// delivered in order), while different keys run concurrently.
export interface SerialQueues {
  run(key: number, job: () => Promise<void>): void;
  /** Resolves when every job queued so far has finished. */
  idle(): Promise<void>;
}

export function createSerialQueues(onError: (error: unknown) => void): SerialQueues {
  const tails = new Map<number, Promise<void>>();
  return {
    run(key, job) {
      const previous = tails.get(key) ?? Promise.resolve();
      const next = previous.then(job).catch(onError);
      tails.set(key, next);
      void next.finally(() => {
        if (tails.get(key) === next) tails.delete(key);
      });
    },
    async idle() {
      while (tails.size > 0) await Promise.allSettled([...tails.values()]);
    },
  };
}
