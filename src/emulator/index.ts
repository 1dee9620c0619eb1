// The HighTouch API emulator: what tests, benchmarks and `botform serve` use. See README.md.
export { EgressRuleError, startEmulator } from './server.js';
export type { Emulator, EmulatorOptions } from './server.js';
export type { FaultOptions } from './faults.js';
export { FaultOptionError } from './faults.js';
export { DEFAULT_SEED, SeedError } from './seed.js';
export type { SeedData } from './seed.js';
export { buildSeed, parseSeedFile } from './seed-input.js';
export { EmulatorDbError } from './store/open.js';
