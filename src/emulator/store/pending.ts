// What the bot still owes, kept in the database so that a killed emulator resumes it: user
// messages no turn has answered yet, and webhook POSTs not yet delivered or given up (see
// PENDING_SQL). The turn's transaction marks its message answered and adds its deliveries;
// a delivery's row goes when its outcome is recorded on its message.
import type { Database } from 'better-sqlite3';

interface PendingDelivery {
  id: number;
  botUser: number;
  /** The bot message it carries; null for a turn-end notice (a turn in which the bot said nothing). */
  messageId: number | null;
  /** The JSON body to POST, as built when the turn committed. */
  payload: unknown;
}

export interface PendingStore {
  /** The oldest user message of this user that no turn has answered, if any. */
  nextUnanswered(botUser: number): number | undefined;
  markAnswered(messageId: number): void;
  addDelivery(botUser: number, messageId: number | null, payload: unknown, now: string): void;
  /** This user's deliveries not yet made, oldest first. */
  deliveries(botUser: number): PendingDelivery[];
  /** The outcome is recorded on the message (if any) and the delivery forgotten, in one step. */
  finishDelivery(
    id: number,
    outcome?: { delivery: 'delivered' | 'failed'; attempts: number },
  ): void;
  /** Users with anything owed, in the order their oldest owed item was made. */
  usersOwed(): number[];
}

export function createPendingStore(db: Database): PendingStore {
  const nextUnanswered = db.prepare<[number], { id: number }>(
    'SELECT id FROM messages WHERE bot_user_id = ? AND answered = 0 ORDER BY id LIMIT 1',
  );
  const markAnswered = db.prepare<[number]>('UPDATE messages SET answered = 1 WHERE id = ?');
  const addDelivery = db.prepare<[number, number | null, string, string]>(
    'INSERT INTO deliveries (bot_user_id, message_id, payload, created_at) VALUES (?, ?, ?, ?)',
  );
  const deliveries = db.prepare<
    [number],
    { id: number; bot_user_id: number; message_id: number | null; payload: string }
  >(
    'SELECT id, bot_user_id, message_id, payload FROM deliveries WHERE bot_user_id = ? ORDER BY id',
  );
  const deleteDelivery = db.prepare<[number]>('DELETE FROM deliveries WHERE id = ?');
  const setDelivery = db.prepare<[string, number, number]>(
    'UPDATE messages SET delivery = ?, attempts = ? WHERE id = ?',
  );
  const messageOf = db.prepare<[number], { message_id: number | null }>(
    'SELECT message_id FROM deliveries WHERE id = ?',
  );
  const usersOwed = db.prepare<[], { bot_user_id: number }>(
    `SELECT bot_user_id FROM (
       SELECT bot_user_id, min(id) AS first FROM messages WHERE answered = 0 GROUP BY bot_user_id
       UNION ALL
       SELECT bot_user_id, min(message_id) FROM deliveries GROUP BY bot_user_id)
     GROUP BY bot_user_id ORDER BY min(first)`,
  );
  const finish = db.transaction(
    (id: number, outcome?: { delivery: 'delivered' | 'failed'; attempts: number }) => {
      const row = messageOf.get(id);
      if (outcome && row?.message_id != null)
        setDelivery.run(outcome.delivery, outcome.attempts, row.message_id);
      deleteDelivery.run(id);
    },
  );
  return {
    nextUnanswered: (botUser) => nextUnanswered.get(botUser)?.id,
    markAnswered: (messageId) => void markAnswered.run(messageId),
    addDelivery: (botUser, messageId, payload, now) =>
      void addDelivery.run(botUser, messageId, JSON.stringify(payload), now),
    deliveries: (botUser) =>
      deliveries.all(botUser).map((row) => ({
        id: row.id,
        botUser: row.bot_user_id,
        messageId: row.message_id,
        payload: JSON.parse(row.payload) as unknown,
      })),
    finishDelivery: (id, outcome) => finish(id, outcome),
    usersOwed: () => usersOwed.all().map((row) => row.bot_user_id),
  };
}
