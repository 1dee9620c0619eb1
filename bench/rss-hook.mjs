// Preloaded into benchmarked processes: writes the peak resident set size (KiB) and the CPU time
// used (user and system, microseconds) at exit, as "maxRSS user system".
import { writeFileSync } from 'node:fs';

const file = process.env.BOTFORM_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, `${usage.maxRSS} ${usage.userCPUTime} ${usage.systemCPUTime}`);
  });
}
