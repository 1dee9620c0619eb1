// The two ways a live run goes wrong besides a failed expectation: the target is misconfigured
// (credentials refused, unreachable, the receiver cannot listen) — the whole run stops, exit 2 —
// or one conversation cannot go on (the API answered 500 or garbage, the bot said nothing in
// time) — that test fails with the message, the others go on.
export class LiveConfigError extends Error {
  override readonly name = 'LiveConfigError';
}

export class LiveTurnError extends Error {
  override readonly name = 'LiveTurnError';
}
