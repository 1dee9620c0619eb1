// Counting words in messages, one way: "1 step", "3 steps", "0 errors".

/** `count` and the word in the form that count takes; `many` when it is not the word plus "s". */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}
