// botform's version, read from package.json once (it is recorded in every plan).
import { readFileSync } from 'node:fs';

export const BOTFORM_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;
