// The --live part of `botform test --help`, apart from the live runner (test-live.ts) so that a
// local run does not load the live machinery only to print or skip its help.
export const LIVE_HELP = `
Live runs (--live): the same tests against a running bot through the message API, each test a
new user; the bot's replies come back to a webhook receiver on 127.0.0.1. Without --api, the
embedded emulator (.botform/emulator.sqlite, what \`botform apply\` put there).
See docs/testing-live.md.
      --live                                run against a bot instead of the local runtime
      --api <url>, --shop <id>              the platform (credentials from HIGHTOUCH_TOKEN, or
                                            HIGHTOUCH_USERNAME and HIGHTOUCH_PASSWORD — never an
                                            environment's, which go to its own API only)
      --concurrency <N>                     conversations at once (default 8)
      --turn-timeout <ms>                   how long the bot may take per turn (default 5000)
      --webhook-port <port>                 the receiver's port on 127.0.0.1 (default: any free one)
      --allow-drift                         run even when the shop is not what the files say
                                            (by default a shop with changes not applied is refused)
`;
