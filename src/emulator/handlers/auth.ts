// POST /api/auth/login/: a username and password for the user's API token.
import { fieldErrors } from '../api-error.js';
import { FieldCollector, asBody, readString } from '../fields.js';
import type { PublicContext, Reply } from '../routes.js';
import type { LoginResponse } from '../../remote/contract.js';

export function login(ctx: PublicContext): Reply {
  const body = asBody(ctx.body);
  const out = new FieldCollector();
  const username = readString(
    body,
    'username',
    { required: true, nullable: false, min: 1, max: 150 },
    out,
  );
  const password = readString(
    body,
    'password',
    { required: true, nullable: false, min: 1, max: 1024 },
    out,
  );
  if (!out.ok || username == null || password == null) throw fieldErrors(out.errors);
  const user = ctx.store.users.checkPassword(username, password);
  if (!user)
    throw fieldErrors({ non_field_errors: ['Unable to log in with provided credentials.'] });
  const token = ctx.store.transaction(() =>
    ctx.store.users.loginToken(user.id, ctx.store.clock.tick()),
  );
  const response: LoginResponse = { token };
  return { status: 200, body: response };
}
