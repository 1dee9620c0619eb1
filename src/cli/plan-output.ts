// Plans and reports are written with the one atomic writer (src/write-file-atomic.ts).
export { writeFileAtomic } from '../write-file-atomic.js';
