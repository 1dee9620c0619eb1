// botform's version (it is recorded in every plan).
import { packageMeta } from '../package-meta.js';

export const BOTFORM_VERSION: string = packageMeta().version;
