// operation: calls its declared API through the runtime's port (the conversation stays a pure
// value: the port is how tests stub and the emulator calls). A 2xx answer is saved as `save_as`
// and takes `next`; any other status takes `on_error` (or ends the conversation there).
import { isRecord } from '../../model/json.js';
import { buildRequest } from '../operation-request.js';
import { ignore, nextOrEnd, stringField } from './common.js';
import type { StepMeaning } from './meaning.js';

export const operation: StepMeaning = {
  enter(step, turn) {
    if (step.text !== '') turn.say(step, step.text);
    const api = isRecord(step.fields.api) ? step.fields.api : {};
    const request = buildRequest(api, turn.scope());
    return {
      kind: 'call',
      call: { step: step.key, api, request },
      resume(response) {
        turn.emit({ type: 'operation_called', step: step.key, request, response });
        if (response.status >= 200 && response.status < 300) {
          const name = stringField(step, 'save_as');
          if (name !== undefined) turn.setVar(step, name, response.body);
          return nextOrEnd(step, turn);
        }
        const onError = turn.transition(step, 'on_error');
        return onError
          ? { kind: 'go', transition: onError }
          : { kind: 'end', reason: 'operation-failed' };
      },
    };
  },
  reply: (step, turn, _input, waiting) =>
    ignore(step, turn, waiting, `step "${step.key}" does not wait for the user`),
};
